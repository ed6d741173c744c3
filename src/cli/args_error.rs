//! clap's own error messages are English; the clerk reads Vietnamese.

use clap::error::{ContextKind, ContextValue, ErrorKind};
fn context(e: &clap::Error, kind: ContextKind) -> String {
    match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// The text to print and the exit code for a clap error (help and version included).
pub fn translate(e: clap::Error) -> (String, u8) {
    let message = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let mut text = e.render().to_string();
            if !text.ends_with('\n') {
                text.push('\n');
            }
            return (text, 0);
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            let mut cmd = super::command();
            return (format!("{}\n", cmd.render_help()), 2);
        }
        ErrorKind::MissingRequiredArgument => {
            format!("thiếu tham số bắt buộc: {}", context(&e, ContextKind::InvalidArg))
        }
        ErrorKind::UnknownArgument => {
            let suggestion = context(&e, ContextKind::SuggestedArg);
            let hint =
                if suggestion.is_empty() { String::new() } else { format!(" (có phải ý bạn là {suggestion}?)") };
            format!("tham số không được hỗ trợ: {}{hint}", context(&e, ContextKind::InvalidArg))
        }
        ErrorKind::InvalidSubcommand => {
            format!("không có lệnh «{}»; các lệnh: run, check, config", context(&e, ContextKind::InvalidSubcommand))
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let detail = std::error::Error::source(&e).map(|s| format!(": {s}")).unwrap_or_default();
            format!(
                "giá trị «{}» của {} không hợp lệ{detail}",
                context(&e, ContextKind::InvalidValue),
                context(&e, ContextKind::InvalidArg)
            )
        }
        ErrorKind::ArgumentConflict => {
            format!("tham số {} dùng trùng hoặc xung đột", context(&e, ContextKind::InvalidArg))
        }
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("số giá trị của {} không đúng", context(&e, ContextKind::InvalidArg))
        }
        _ => format!("tham số dòng lệnh không hợp lệ ({})", e.kind()),
    };
    (format!("Lỗi: {message}\nXem hướng dẫn: baocao --help\n"), 2)
}
