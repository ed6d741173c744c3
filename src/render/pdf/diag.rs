//! typst diagnostics turned into one readable Vietnamese message.

use typst::diag::{Severity, SourceDiagnostic};
use typst::World;
use typst::WorldExt;

/// `decree30.typ, dòng 12, cột 5: unknown variable: foo (gợi ý: …)`, one per diagnostic.
pub fn describe(world: &dyn World, diagnostics: &[SourceDiagnostic]) -> String {
    let mut parts = Vec::new();
    for d in diagnostics.iter().filter(|d| d.severity == Severity::Error) {
        let mut text = String::new();
        if let Some(place) = location(world, d) {
            text.push_str(&place);
            text.push_str(": ");
        }
        text.push_str(&d.message);
        for hint in &d.hints {
            text.push_str(&format!(" (gợi ý: {})", hint.v));
        }
        parts.push(text);
    }
    if parts.is_empty() {
        "typst báo lỗi nhưng không nêu chi tiết".to_string()
    } else {
        parts.join("; ")
    }
}

fn location(world: &dyn World, d: &SourceDiagnostic) -> Option<String> {
    let id = d.span.id()?;
    let name = id.vpath().get_without_slash().to_string();
    let place = world
        .range(d.span)
        .zip(world.source(id).ok())
        .and_then(|(range, source)| source.lines().byte_to_line_column(range.start));
    Some(match place {
        Some((line, col)) => format!("{name}, dòng {}, cột {}", line + 1, col + 1),
        None => name,
    })
}
