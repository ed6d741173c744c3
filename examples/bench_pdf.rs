//! Times the PDF renderer: font loading, the first render, then N renders with one
//! renderer (each a different document, as in a month's batch).
//!
//! `cargo run --release --example bench_pdf -- [N] [--font-dir DIR] [--out DIR]`
//! (`--out` also writes the first and last PDFs there, for looking at them).

use std::path::PathBuf;
use std::time::Instant;

use baocao::document::model::{Align, Block, Cell, Chart, Document, Run, Series, Table};
use baocao::render::pdf::fonts::FontSet;
use baocao::render::pdf::PdfRenderer;

// The renderer tests' document builders; the bench uses only some of them.
#[allow(dead_code)]
#[path = "../tests/common/docs.rs"]
mod docs;

use docs::{deputy_director, distribution, para, plan_ref, report_header, report_meta, report_title, to_province};

fn sample(i: usize) -> Document {
    let rows = (1..=12)
        .map(|r| {
            vec![
                Cell { align: Align::Center, ..Cell::text(r.to_string()) },
                Cell::text(format!("Cơ quan số {r:02}")),
                Cell { align: Align::Right, ..Cell::text(format!("{}%", (r * 7 + i) % 101)) },
            ]
        })
        .collect();
    Document {
        meta: report_meta(format!("Báo cáo mẫu số {i}")),
        header: report_header(format!("Số: {:02}/BC-SNV", i + 1)),
        title: report_title(format!("Kết quả thực hiện Kế hoạch cải thiện Chỉ số PAPI, SIPAS, PAR INDEX (mẫu {i})")),
        recipients: to_province(),
        body: vec![
            Block::Heading { level: 1, runs: vec![Run::plain("I. KẾT QUẢ THỰC HIỆN")] },
            para(vec![
                Run::plain("Trong tháng, các cơ quan đã triển khai "),
                Run::bold(format!("{} nhiệm vụ", 40 + i)),
                Run::plain(" theo "),
                plan_ref("164"),
                Run::plain("; kết quả cụ thể như bảng dưới đây."),
            ]),
            Block::Table(Table {
                widths: vec![1.0, 6.0, 3.0],
                header: vec![vec![Cell::text("STT"), Cell::text("Tên cơ quan"), Cell::text("Tỷ lệ hoàn thành")]],
                rows,
                font_size: None,
            }),
            Block::Chart(Chart {
                title: "Tỷ lệ hoàn thành theo cơ quan".into(),
                categories: vec!["Sở Nội vụ".into(), "Sở Tài chính".into(), "UBND huyện Bát Xát".into()],
                series: vec![
                    Series { name: "Tháng 4".into(), values: vec![85.5, 60.0, 100.0] },
                    Series { name: "Tháng 5".into(), values: vec![90.0, (i % 100) as f64, 45.0] },
                ],
                max: 100.0,
                unit: "%".into(),
            }),
        ],
        signature: deputy_director(),
        distribution: distribution(&["- UBND tỉnh;"], "- Lưu: VT, CCHC", "2"),
        annexes: vec![],
        identity: None,
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut n = 20usize;
    let mut font_dir: Option<PathBuf> = None;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--font-dir" => font_dir = args.next().map(PathBuf::from),
            "--out" => out = args.next().map(PathBuf::from),
            other => n = other.parse()?,
        }
    }

    let t = Instant::now();
    let fonts = FontSet::load(font_dir.as_deref())?;
    let renderer = PdfRenderer::new(&fonts);
    println!("nạp phông chữ + tạo renderer: {:.1} ms (họ phông: {})", ms(t), renderer.family());

    let t = Instant::now();
    let first = renderer.render(&sample(0))?;
    println!("văn bản đầu tiên: {:.1} ms ({} byte)", ms(t), first.len());

    let t = Instant::now();
    let mut last = Vec::new();
    for i in 1..=n {
        last = renderer.render(&sample(i))?;
    }
    let total = ms(t);
    println!("{n} văn bản tiếp theo: {total:.1} ms, trung bình {:.1} ms/văn bản", total / n.max(1) as f64);

    let t = Instant::now();
    let again = renderer.render(&sample(0))?;
    println!("văn bản đầu tiên, lần hai: {:.1} ms (giống hệt: {})", ms(t), again == first);

    if let Some(dir) = out {
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("bench-first.pdf"), &first)?;
        std::fs::write(dir.join("bench-last.pdf"), &last)?;
        println!("đã ghi {}", dir.display());
    }
    Ok(())
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
