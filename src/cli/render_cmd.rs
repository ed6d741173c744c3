//! `baocao render FILE.yaml`: a data file names its template and carries its fields; the
//! document is written as `DIR/<stem>.pdf` and `DIR/<stem>.docx`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context};
use chrono::NaiveDate;

use crate::document::template::render_named;
use crate::document::Document;
use crate::render::Renderers;

#[derive(Debug, Clone, clap::Args)]
pub struct RenderArgs {
    /// Tệp dữ liệu YAML: trường `template` là tên mẫu (cong-van, bao-cao, hoặc mẫu trong
    /// thư mục mẫu) hoặc đường dẫn tệp mẫu; các trường còn lại là dữ liệu của mẫu
    #[arg(value_name = "TỆP.yaml")]
    pub file: PathBuf,
    /// Thư mục ghi <tên tệp>.pdf và <tên tệp>.docx (mặc định: output). Kết quả cũ cùng tên
    /// được ghi đè (ghi trọn vẹn hoặc không ghi gì)
    #[arg(long, value_name = "THƯ_MỤC", default_value = "output", hide_default_value = true)]
    pub output: PathBuf,
    /// Ngày ban hành, dạng NNNN-TT-NN: thay trường `date` của tệp dữ liệu
    #[arg(long, value_name = "NNNN-TT-NN", value_parser = parse_day)]
    pub date: Option<NaiveDate>,
    /// Thư mục phông chữ (ví dụ có Times New Roman); mặc định dùng Liberation Serif có sẵn
    #[arg(long, value_name = "THƯ_MỤC")]
    pub font_dir: Option<PathBuf>,
    /// Thư mục mẫu văn bản (mặc định: templates); mẫu ở đây thay mẫu có sẵn cùng tên
    #[arg(long, value_name = "THƯ_MỤC", default_value = "templates", hide_default_value = true)]
    pub templates: PathBuf,
}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("ngày không hợp lệ: «{s}» (cần dạng NNNN-TT-NN, ví dụ 2023-05-22)"))
}

/// The files one `render` wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub pdf: PathBuf,
    pub docx: PathBuf,
}

/// Runs `baocao render` and prints the files written.
pub fn run(args: &RenderArgs) -> anyhow::Result<()> {
    let out = render_file(args)?;
    println!("Đã ghi {}", out.pdf.display());
    println!("Đã ghi {}", out.docx.display());
    Ok(())
}

/// Reads the data file, renders its template, writes the PDF and the DOCX.
pub fn render_file(args: &RenderArgs) -> anyhow::Result<Rendered> {
    let (template, data) = load_data(&args.file, args.date)?;
    let base_dir = args.file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let doc = render_named(&template, &args.templates, Some(base_dir), &data)
        .with_context(|| format!("dựng văn bản từ {}", args.file.display()))?;
    let (pdf, docx) = render_outputs(&doc, args.font_dir.as_deref())?;

    let stem = args
        .file
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| anyhow!("tên tệp dữ liệu {} không dùng được làm tên kết quả", args.file.display()))?;
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("không tạo được thư mục kết quả {}", args.output.display()))?;
    let pdf_path = args.output.join(format!("{stem}.pdf"));
    let docx_path = args.output.join(format!("{stem}.docx"));
    write_atomic(&pdf_path, &pdf)?;
    write_atomic(&docx_path, &docx)?;
    Ok(Rendered { pdf: pdf_path, docx: docx_path })
}

/// Both outputs of one document (PDF, DOCX), rendered before anything is written.
pub fn render_outputs(doc: &Document, font_dir: Option<&Path>) -> anyhow::Result<(Vec<u8>, Vec<u8>)> {
    let renderers = Renderers::new(font_dir).context("không nạp được phông chữ")?;
    renderers.render_both(doc).context("không tạo được văn bản PDF/DOCX")
}

/// Reads a data file: its `template` and the data as JSON, `date` replaced by `--date`.
pub fn load_data(file: &Path, date: Option<NaiveDate>) -> anyhow::Result<(String, serde_json::Value)> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("không đọc được tệp dữ liệu {}", file.display()))?;
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).map_err(|e| {
        let line = e.location().map(|l| format!(", dòng {}", l.line())).unwrap_or_default();
        anyhow!("{}{line}: YAML không hợp lệ: {e}", file.display())
    })?;
    let mut data = match serde_json::to_value(&yaml) {
        Ok(serde_json::Value::Object(map)) => map,
        Ok(_) => bail!("{}: tệp dữ liệu phải là một bảng `khóa: giá trị` (có trường `template`)", file.display()),
        Err(e) => bail!("{}: khóa của tệp dữ liệu phải là chữ: {e}", file.display()),
    };
    let template = match data.get("template") {
        Some(serde_json::Value::String(t)) if !t.trim().is_empty() => t.trim().to_string(),
        Some(_) => {
            bail!("{}: trường `template` phải là tên mẫu (ví dụ `cong-van`) hoặc đường dẫn tệp mẫu", file.display())
        }
        None => bail!("{}: thiếu trường `template` (tên mẫu, ví dụ `template: cong-van`)", file.display()),
    };
    if let Some(d) = date {
        data.insert("date".to_string(), serde_json::Value::String(d.format("%Y-%m-%d").to_string()));
    }
    Ok((template, serde_json::Value::Object(data)))
}

/// Writes through a temporary file in the same folder, then renames it into place: a
/// reader never sees half a file, and a failed run leaves the old file untouched.
fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp =
        tempfile::NamedTempFile::new_in(dir).with_context(|| format!("không ghi được vào {}", dir.display()))?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .with_context(|| format!("không ghi được {}", path.display()))?;
    tmp.persist(path).map_err(|e| anyhow!("không ghi được {}: {}", path.display(), e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_file_and_date_override() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cv.yaml");
        std::fs::write(&file, "template: cong-van\ndate: \"2023\"\nsigner: A\n").unwrap();
        let (template, data) = load_data(&file, NaiveDate::from_ymd_opt(2023, 1, 5)).unwrap();
        assert_eq!(template, "cong-van");
        assert_eq!(data["date"], "2023-01-05");
        assert_eq!(data["signer"], "A");

        std::fs::write(&file, "date: \"2023\"\n").unwrap();
        let e = load_data(&file, None).unwrap_err().to_string();
        assert!(e.contains("thiếu trường `template`"), "{e}");
        std::fs::write(&file, "template: cong-van\n  x: [\n").unwrap();
        let e = load_data(&file, None).unwrap_err().to_string();
        assert!(e.contains("YAML không hợp lệ") && e.contains("cv.yaml, dòng"), "{e}");
        std::fs::write(&file, "- a\n").unwrap();
        assert!(load_data(&file, None).is_err());
    }

    #[test]
    fn atomic_write_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.pdf");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn example_renders_to_pdf_and_docx_reproducibly() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap();
        let args = RenderArgs {
            file: root.join("examples/chi-dao-papi-2023.yaml"),
            output: dir.path().join("ra"),
            date: None,
            font_dir: None,
            templates: root.join("templates"),
        };
        let out = render_file(&args).unwrap();
        assert_eq!(out.pdf, dir.path().join("ra/chi-dao-papi-2023.pdf"));
        assert_eq!(out.docx, dir.path().join("ra/chi-dao-papi-2023.docx"));
        let pdf = std::fs::read(&out.pdf).unwrap();
        let docx = std::fs::read(&out.docx).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(docx.starts_with(b"PK"));
        render_file(&args).unwrap();
        assert_eq!(std::fs::read(&out.pdf).unwrap(), pdf, "same input, same PDF bytes");
        assert_eq!(std::fs::read(&out.docx).unwrap(), docx, "same input, same DOCX bytes");
        assert_eq!(std::fs::read_dir(dir.path().join("ra")).unwrap().count(), 2);

        let bad = dir.path().join("loi.yaml");
        std::fs::write(
            &bad,
            "template: cong-van
signer: A
",
        )
        .unwrap();
        let e = render_file(&RenderArgs { file: bad, ..args }).unwrap_err();
        let text = format!("{e:#}");
        assert!(text.contains("loi.yaml") && text.contains("cong-van.md.j2") && text.contains("dòng"), "{text}");
    }
}
