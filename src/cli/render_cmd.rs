//! `baocao render FILE.yaml`: a data file names its template and carries its fields; the
//! document is written as `DIR/<stem>.pdf` and `DIR/<stem>.docx`.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context};
use chrono::NaiveDate;

use crate::archive::write_atomic;
use crate::document::template::render_named;
use crate::document::Document;
use crate::render::Renderers;

#[derive(Debug, Clone, clap::Args)]
pub struct RenderArgs {
    /// Tệp dữ liệu YAML: trường `template` là tên mẫu (cong-van, bao-cao, hoặc mẫu trong
    /// thư mục mẫu) hoặc đường dẫn tệp mẫu; các trường còn lại là dữ liệu của mẫu
    #[arg(value_name = "TỆP.yaml")]
    pub file: PathBuf,
    /// Thư mục ghi <tên tệp>.pdf và <tên tệp>.docx (mặc định: output). Không ghi đè văn bản
    /// cũ khác nội dung: khi đó ghi <tên tệp>-2.pdf, -3.pdf…
    #[arg(long, value_name = "THƯ_MỤC", default_value = "output", hide_default_value = true)]
    pub output: PathBuf,
    /// Ngày ban hành, dạng NNNN-TT-NN: thay trường `date` của tệp dữ liệu
    #[arg(long, value_name = "NNNN-TT-NN", value_parser = super::parse_day)]
    pub date: Option<NaiveDate>,
    /// Thư mục phông chữ (ví dụ có Times New Roman); mặc định dùng Liberation Serif có sẵn
    #[arg(long, value_name = "THƯ_MỤC")]
    pub font_dir: Option<PathBuf>,
    /// Thư mục mẫu văn bản (mặc định: templates); mẫu ở đây thay mẫu có sẵn cùng tên
    #[arg(long, value_name = "THƯ_MỤC", default_value = "templates", hide_default_value = true)]
    pub templates: PathBuf,
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
    let (pdf_path, docx_path) = free_paths(&args.output, stem, &pdf, &docx);
    write_new(&pdf_path, &pdf)?;
    write_new(&docx_path, &docx)?;
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

/// The first `<stem>.pdf`/`.docx`, `<stem>-2.…`, `<stem>-3.…` pair where neither name
/// holds different content: an earlier document is never overwritten, and rendering the
/// same input again lands on the same names.
fn free_paths(dir: &Path, stem: &str, pdf: &[u8], docx: &[u8]) -> (PathBuf, PathBuf) {
    let free = |path: &Path, bytes: &[u8]| match std::fs::read(path) {
        Ok(existing) => existing == bytes,
        Err(_) => !path.exists(),
    };
    (1..)
        .map(|n| if n == 1 { stem.to_string() } else { format!("{stem}-{n}") })
        .map(|s| (dir.join(format!("{s}.pdf")), dir.join(format!("{s}.docx"))))
        .find(|(p, d)| free(p, pdf) && free(d, docx))
        .expect("an unbounded range always finds a free name")
}

/// Writes atomically (`archive::write_atomic`: temporary file, fsync, rename) only if the
/// name is still free: a reader never sees half a file, and nothing is overwritten. A file
/// that already holds exactly these bytes is left as it is.
fn write_new(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if std::fs::read(path).is_ok_and(|existing| existing == bytes) {
        return Ok(());
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| anyhow!("tên tệp kết quả {} không dùng được", path.display()))?;
    write_atomic(dir, name, bytes, false).with_context(|| format!("không ghi được {}", path.display()))?;
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
    fn earlier_documents_are_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let (p, x) = free_paths(d, "cv", b"pdf1", b"docx1");
        assert_eq!((p.clone(), x.clone()), (d.join("cv.pdf"), d.join("cv.docx")));
        write_new(&p, b"pdf1").unwrap();
        write_new(&x, b"docx1").unwrap();
        // Same content again: same names, nothing rewritten.
        assert_eq!(free_paths(d, "cv", b"pdf1", b"docx1"), (d.join("cv.pdf"), d.join("cv.docx")));
        // Different content: the next free pair; the first one stays as it was.
        let (p2, x2) = free_paths(d, "cv", b"pdf2", b"docx1");
        assert_eq!((p2.clone(), x2.clone()), (d.join("cv-2.pdf"), d.join("cv-2.docx")));
        write_new(&p2, b"pdf2").unwrap();
        write_new(&x2, b"docx1").unwrap();
        assert_eq!(std::fs::read(d.join("cv.pdf")).unwrap(), b"pdf1");
        assert_eq!(std::fs::read(d.join("cv-2.pdf")).unwrap(), b"pdf2");
        assert_eq!(std::fs::read_dir(d).unwrap().count(), 4);
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
