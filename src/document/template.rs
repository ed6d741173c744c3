//! Templates → [`Document`]: YAML front matter (header, title, recipients, signature,
//! `Nơi nhận`) + a Markdown body, both filled by minijinja.
//!
//! Data can never change a template's structure or become markup:
//! - the front matter is split off and parsed as YAML *before* any data is inserted; each
//!   string in it is then rendered on its own, as plain text (the `distribution` lines
//!   are inline Markdown, with data escaped);
//! - in the body every interpolated value is Markdown-escaped by the environment's
//!   formatter ([`markdown::escape`]); only values marked safe (`| safe`, `| tojson`) go
//!   in raw;
//! - rendered output is never rendered again, so template syntax in data stays text.
//!
//! A front-matter string that is exactly one expression (`"{{ recipients }}"`) and
//! evaluates to a list becomes that list of strings (inside a list it is spliced in).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use minijinja::value::{Value, ViaDeserialize};
use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior};
use serde::{Deserialize, Deserializer, Serialize};
use serde_yaml::Value as Yaml;
use std::sync::{Arc, Mutex};

use super::filters;
use super::markdown::{self, MarkdownError};
use super::model::{
    Block, Chart, Distribution, Document, Identity, Letterhead, Line, Meta, Recipients, Run, Signature, Table, Title,
};

/// What stands for a number, day or month left blank for the records office to fill in:
/// `Số:      /UBND-KSTT`, `ngày      tháng      năm 2023` (six spaces replace ` 05 `).
pub const BLANK: &str = "      ";

pub const NATION: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";

/// The shipped templates, embedded so the binary works from any directory. A file
/// `NAME.md.j2` in the user's templates directory overrides the embedded one.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("cong-van", include_str!("../../templates/cong-van.md.j2")),
    ("bao-cao", include_str!("../../templates/bao-cao.md.j2")),
    ("bao-cao-tong-hop", include_str!("../../templates/bao-cao-tong-hop.md.j2")),
    ("cong-van-don-doc", include_str!("../../templates/cong-van-don-doc.md.j2")),
    ("bao-cao-nam", include_str!("../../templates/bao-cao-nam.md.j2")),
    ("to-trinh-xep-loai", include_str!("../../templates/to-trinh-xep-loai.md.j2")),
    ("cong-van-de-nghi-bao-cao", include_str!("../../templates/cong-van-de-nghi-bao-cao.md.j2")),
];

/// Template errors, in Vietnamese, naming the template file and line.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("không tìm thấy mẫu văn bản \"{name}\" (đã tìm: {searched})")]
    NotFound { name: String, searched: String },
    #[error("không đọc được mẫu văn bản {file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{file}, dòng 1: mẫu văn bản phải bắt đầu bằng phần đầu YAML giữa hai dòng `---` (dòng `---` thứ hai ở dòng riêng)"
    )]
    NoFrontMatter { file: String },
    #[error("{file}, dòng {line}: phần đầu YAML không hợp lệ: {message}")]
    Yaml { file: String, line: usize, message: String },
    #[error("{file}, dòng {line}{}: {message}", key_suffix(.key))]
    Render { file: String, line: usize, key: Option<String>, message: String },
    #[error("{file}, dòng {line}: trường `{key}`: {message}")]
    Field { file: String, line: usize, key: String, message: String },
    #[error("{file}, dòng {line}: {message}")]
    Content { file: String, line: usize, message: String },
}

fn key_suffix(key: &Option<String>) -> String {
    key.as_ref().map(|k| format!(" (trường `{k}`)")).unwrap_or_default()
}

impl TemplateError {
    /// The template file the error is in.
    pub fn file(&self) -> &str {
        match self {
            TemplateError::NotFound { name, .. } => name,
            TemplateError::Io { file, .. }
            | TemplateError::NoFrontMatter { file }
            | TemplateError::Yaml { file, .. }
            | TemplateError::Render { file, .. }
            | TemplateError::Field { file, .. }
            | TemplateError::Content { file, .. } => file,
        }
    }

    /// The 1-based line in the template file, when there is one.
    pub fn line(&self) -> Option<usize> {
        match self {
            TemplateError::NotFound { .. } | TemplateError::Io { .. } => None,
            TemplateError::NoFrontMatter { .. } => Some(1),
            TemplateError::Yaml { line, .. }
            | TemplateError::Render { line, .. }
            | TemplateError::Field { line, .. }
            | TemplateError::Content { line, .. } => Some(*line),
        }
    }
}

/// A template's text and the name errors show for it.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateFile {
    /// A path, or `templates/NAME.md.j2 (mẫu có sẵn)` for an embedded template.
    pub name: String,
    pub source: String,
}

/// Finds a template. `name_or_path` is a name (`cong-van`) looked up as
/// `templates_dir/NAME.md.j2`, then among the embedded templates; or a path (it contains a
/// `/` or ends in `.j2`), relative paths taken from `base_dir` (the data file's folder).
pub fn load_template(
    name_or_path: &str,
    templates_dir: &Path,
    base_dir: Option<&Path>,
) -> Result<TemplateFile, TemplateError> {
    let is_path = name_or_path.contains(['/', '\\']) || name_or_path.ends_with(".j2");
    if is_path {
        let path = PathBuf::from(name_or_path);
        let path = match base_dir {
            Some(base) if path.is_relative() => base.join(path),
            _ => path,
        };
        return read_file(&path, name_or_path);
    }
    let file = templates_dir.join(format!("{name_or_path}.md.j2"));
    if file.is_file() {
        return read_file(&file, name_or_path);
    }
    match EMBEDDED.iter().find(|(n, _)| *n == name_or_path) {
        Some((n, source)) => {
            Ok(TemplateFile { name: format!("templates/{n}.md.j2 (mẫu có sẵn)"), source: (*source).to_string() })
        }
        None => Err(TemplateError::NotFound {
            name: name_or_path.to_string(),
            searched: format!(
                "{}, các mẫu có sẵn: {}",
                file.display(),
                EMBEDDED.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
            ),
        }),
    }
}

fn read_file(path: &Path, name: &str) -> Result<TemplateFile, TemplateError> {
    match std::fs::read_to_string(path) {
        Ok(source) => Ok(TemplateFile { name: path.display().to_string(), source }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(TemplateError::NotFound { name: name.to_string(), searched: path.display().to_string() })
        }
        Err(source) => Err(TemplateError::Io { file: path.display().to_string(), source }),
    }
}

/// Renders a template with its data into a document. `file` names the template in errors.
pub fn render_template<S: Serialize>(file: &str, source: &str, data: S) -> Result<Document, TemplateError> {
    let ctx = Value::from_serialize(&data);
    let split = split_front_matter(file, source)?;
    let mut env = environment();
    // Tables and charts reach the document as the typed values the data holds: the
    // `table`/`chart` filters keep them here and leave a reference in the Markdown.
    let blocks: Arc<Mutex<Vec<Block>>> = Arc::default();
    add_block_filters(&mut env, &blocks);
    let front = parse_front(file, &split)?;
    let rendered = FrontRenderer { env: &env, ctx: &ctx, file, split: &split }.render(front)?;
    let spec: FrontMatter = deserialize_front(file, &split, rendered)?;
    let body_md = render_body(&env, &ctx, file, &split)?;
    let typed = std::mem::take(&mut *blocks.lock().unwrap_or_else(|e| e.into_inner()));
    let parsed = markdown::parse_body_with(&body_md, typed).map_err(|e| content_error(file, &split, &body_md, e))?;
    build_document(file, &split, spec, parsed)
}

/// Loads a template by name or path and renders it (see [`load_template`]).
pub fn render_named<S: Serialize>(
    name_or_path: &str,
    templates_dir: &Path,
    base_dir: Option<&Path>,
    data: S,
) -> Result<Document, TemplateError> {
    let t = load_template(name_or_path, templates_dir, base_dir)?;
    render_template(&t.name, &t.source, data)
}

/// `{{ x | table }}` and `{{ x | chart }}`: the value, deserialized straight into the
/// document model's [`Table`] / [`Chart`] (no text in between), kept in `blocks`; the
/// Markdown gets a `block` fence naming its place, read back by `markdown::parse_body_with`.
fn add_block_filters(env: &mut Environment<'static>, blocks: &Arc<Mutex<Vec<Block>>>) {
    fn keep(blocks: &Mutex<Vec<Block>>, kind: &str, block: Block) -> Value {
        let mut b = blocks.lock().unwrap_or_else(|e| e.into_inner());
        b.push(block);
        Value::from_safe_string(format!("\n\n```{}\n{} {}\n```\n\n", markdown::TYPED_BLOCK, b.len() - 1, kind))
    }
    let b = Arc::clone(blocks);
    env.add_filter("table", move |t: ViaDeserialize<Table>| keep(&b, "table", Block::Table(t.0)));
    let b = Arc::clone(blocks);
    env.add_filter("chart", move |c: ViaDeserialize<Chart>| keep(&b, "chart", Block::Chart(c.0)));
}

const MARKDOWN: AutoEscape = AutoEscape::Custom("markdown");
/// Names of templates rendered as plain text (front-matter strings).
const PLAIN_PREFIX: &str = "plain:";

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_auto_escape_callback(|name| if name.starts_with(PLAIN_PREFIX) { AutoEscape::None } else { MARKDOWN });
    env.set_formatter(|out, state, value| {
        if value.is_safe() {
            if let Some(s) = value.as_str() {
                return out.write_str(s).map_err(minijinja::Error::from);
            }
        }
        let text = if value.is_none() {
            String::new()
        } else {
            value.as_str().map(str::to_string).unwrap_or_else(|| value.to_string())
        };
        let text = if state.auto_escape() == MARKDOWN { markdown::escape(&text) } else { single_line(&text) };
        out.write_str(&text).map_err(minijinja::Error::from)
    });
    filters::register(&mut env);
    env
}

/// Plain-text values stay on one line: a line break in data cannot add a header line.
fn single_line(text: &str) -> String {
    if !text.contains(['\n', '\r']) {
        return text.to_string();
    }
    text.split(['\n', '\r']).map(str::trim).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The raw template split into front matter and body.
struct Split<'a> {
    front: &'a str,
    /// 1-based file line of the front matter's first line.
    front_line: usize,
    body: &'a str,
    /// 1-based file line of the body's first line.
    body_line: usize,
}

fn split_front_matter<'a>(file: &str, source: &'a str) -> Result<Split<'a>, TemplateError> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let no_front = || TemplateError::NoFrontMatter { file: file.to_string() };
    let mut offset = 0usize;
    let mut line_no = 0usize;
    let mut front_start: Option<(usize, usize)> = None;
    for line in source.split_inclusive('\n') {
        line_no += 1;
        let trimmed = line.trim_end();
        match front_start {
            None => {
                if trimmed != "---" {
                    return Err(no_front());
                }
                front_start = Some((offset + line.len(), line_no + 1));
            }
            Some((start, start_line)) => {
                if trimmed == "---" || trimmed == "..." {
                    let body_start = offset + line.len();
                    return Ok(Split {
                        front: &source[start..offset],
                        front_line: start_line,
                        body: &source[body_start..],
                        body_line: line_no + 1,
                    });
                }
            }
        }
        offset += line.len();
    }
    Err(no_front())
}

fn parse_front(file: &str, split: &Split<'_>) -> Result<Yaml, TemplateError> {
    let value: Yaml = serde_yaml::from_str(split.front).map_err(|e| TemplateError::Yaml {
        file: file.to_string(),
        line: split.front_line + e.location().map(|l| l.line().saturating_sub(1)).unwrap_or(0),
        message: crate::serde_vi::translate(&e.to_string()),
    })?;
    match value {
        Yaml::Mapping(_) => Ok(value),
        Yaml::Null => Err(TemplateError::Yaml {
            file: file.to_string(),
            line: split.front_line,
            message: "phần đầu trống: cần các trường header, signature, distribution…".into(),
        }),
        _ => Err(TemplateError::Yaml {
            file: file.to_string(),
            line: split.front_line,
            message: "phần đầu phải là một bảng khóa: giá trị (header:, signature:, …)".into(),
        }),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

fn path_text(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Line of a front-matter key path, found by scanning the raw text (serde_yaml gives no
/// positions for values): each key searched from the previous key's line on.
fn key_line(split: &Split<'_>, keys: &[&str]) -> usize {
    let lines: Vec<&str> = split.front.lines().collect();
    let mut at = 0usize;
    for key in keys {
        let pat = format!("{key}:");
        if let Some(i) = (at..lines.len()).find(|&i| {
            let t = lines[i].trim_start();
            let t = t.strip_prefix("- ").unwrap_or(t).trim_start();
            t.starts_with(&pat) || t.starts_with(&format!("\"{key}\":"))
        }) {
            at = i;
        }
    }
    split.front_line + at
}

/// Line of a front-matter string: where its source text appears after its key's line,
/// else the key's line.
fn value_line(split: &Split<'_>, path: &[Seg], source: &str) -> usize {
    let keys: Vec<&str> = path
        .iter()
        .filter_map(|s| match s {
            Seg::Key(k) => Some(k.as_str()),
            Seg::Index(_) => None,
        })
        .collect();
    let key_at = key_line(split, &keys);
    let first = source.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    if !first.is_empty() {
        let skip = key_at - split.front_line;
        if let Some(i) = split.front.lines().enumerate().skip(skip).find(|(_, l)| l.contains(first)).map(|(i, _)| i) {
            return split.front_line + i;
        }
    }
    key_at
}

struct FrontRenderer<'e, 's> {
    env: &'e Environment<'static>,
    ctx: &'e Value,
    file: &'e str,
    split: &'e Split<'s>,
}

impl FrontRenderer<'_, '_> {
    fn render(&self, value: Yaml) -> Result<Yaml, TemplateError> {
        let mut path = Vec::new();
        self.walk(value, &mut path)
    }

    fn walk(&self, value: Yaml, path: &mut Vec<Seg>) -> Result<Yaml, TemplateError> {
        Ok(match value {
            Yaml::String(s) => match self.expand(&s, path)? {
                Expanded::One(text) => Yaml::String(text),
                Expanded::Many(items) => Yaml::Sequence(items.into_iter().map(Yaml::String).collect()),
            },
            Yaml::Mapping(map) => {
                let mut out = serde_yaml::Mapping::new();
                for (k, v) in map {
                    let key = match &k {
                        Yaml::String(s) => s.clone(),
                        other => serde_yaml::to_string(other).unwrap_or_default().trim().to_string(),
                    };
                    if v.is_null() {
                        // An explicit `~` means "not given": the field's default applies.
                        continue;
                    }
                    path.push(Seg::Key(key));
                    let v = self.walk(v, path)?;
                    path.pop();
                    out.insert(k, v);
                }
                Yaml::Mapping(out)
            }
            Yaml::Sequence(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.into_iter().enumerate() {
                    path.push(Seg::Index(i));
                    match item {
                        Yaml::String(s) => match self.expand(&s, path)? {
                            Expanded::One(text) => out.push(Yaml::String(text)),
                            Expanded::Many(texts) => out.extend(texts.into_iter().map(Yaml::String)),
                        },
                        other => out.push(self.walk(other, path)?),
                    }
                    path.pop();
                }
                Yaml::Sequence(out)
            }
            Yaml::Number(n) => Yaml::String(n.to_string()),
            Yaml::Bool(b) => Yaml::String(b.to_string()),
            Yaml::Tagged(t) => self.walk(t.value, path)?,
            Yaml::Null => Yaml::Null,
        })
    }

    fn markdown_context(path: &[Seg]) -> bool {
        matches!(path.first(), Some(Seg::Key(k)) if k == "distribution")
    }

    fn expand(&self, source: &str, path: &[Seg]) -> Result<Expanded, TemplateError> {
        let markdown = Self::markdown_context(path);
        if let Some(expr) = single_expression(source) {
            if let Ok(compiled) = self.env.compile_expression(expr) {
                if let Ok(value) = compiled.eval(self.ctx) {
                    if is_list(&value) {
                        return self.list_items(&value, path, source, markdown).map(Expanded::Many);
                    }
                }
            }
        }
        let key = path_text(path);
        let name = if markdown { format!("front:{key}") } else { format!("{PLAIN_PREFIX}{key}") };
        self.env.render_named_str(&name, source, self.ctx).map(Expanded::One).map_err(|e| {
            let line = value_line(self.split, path, source) + e.line().unwrap_or(1).saturating_sub(1);
            TemplateError::Render {
                file: self.file.to_string(),
                line,
                key: Some(key.clone()),
                message: jinja_message(&e, source),
            }
        })
    }

    fn list_items(
        &self,
        value: &Value,
        path: &[Seg],
        source: &str,
        markdown: bool,
    ) -> Result<Vec<String>, TemplateError> {
        let mut out = Vec::new();
        let iter = value.try_iter().map_err(|e| TemplateError::Render {
            file: self.file.to_string(),
            line: value_line(self.split, path, source),
            key: Some(path_text(path)),
            message: jinja_message(&e, source),
        })?;
        for item in iter {
            let text = if item.is_none() || item.is_undefined() {
                String::new()
            } else {
                item.as_str().map(str::to_string).unwrap_or_else(|| item.to_string())
            };
            let text = if markdown && !item.is_safe() { markdown::escape(&text) } else { single_line(&text) };
            out.push(text);
        }
        Ok(out)
    }
}

enum Expanded {
    One(String),
    Many(Vec<String>),
}

/// `{{ expr }}` and nothing else → `expr`.
fn single_expression(source: &str) -> Option<&str> {
    let inner = source.trim().strip_prefix("{{")?.strip_suffix("}}")?;
    let inner = inner.strip_prefix('-').unwrap_or(inner);
    let inner = inner.strip_suffix('-').unwrap_or(inner);
    if inner.contains("{{") || inner.contains("}}") || inner.contains("{%") || inner.contains("{#") {
        return None;
    }
    Some(inner.trim())
}

fn is_list(value: &Value) -> bool {
    matches!(value.kind(), minijinja::value::ValueKind::Seq | minijinja::value::ValueKind::Iterable)
}

/// A minijinja error, in Vietnamese; `source` is the template text it came from.
fn jinja_message(err: &minijinja::Error, source: &str) -> String {
    let snippet = err.range().and_then(|r| source.get(r)).map(str::trim).filter(|s| !s.is_empty());
    let detail = err.detail().map(str::to_string);
    match err.kind() {
        ErrorKind::UndefinedError => match snippet {
            Some(s) => format!("dữ liệu thiếu giá trị cho `{s}`"),
            None => "dữ liệu thiếu một giá trị mà mẫu dùng".to_string(),
        },
        ErrorKind::SyntaxError => format!("lỗi cú pháp mẫu: {}", detail.unwrap_or_default()),
        ErrorKind::UnknownFilter => format!("không có bộ lọc này: {}", detail.unwrap_or_default()),
        ErrorKind::UnknownFunction => format!("không có hàm này: {}", detail.unwrap_or_default()),
        ErrorKind::UnknownTest => format!("không có phép thử này: {}", detail.unwrap_or_default()),
        ErrorKind::UnknownMethod => format!("không có phương thức này: {}", detail.unwrap_or_default()),
        ErrorKind::TemplateNotFound => "mẫu không được dùng include/extends/import".to_string(),
        ErrorKind::InvalidOperation => match (detail, snippet) {
            (Some(d), Some(s)) => format!("{d} (ở `{s}`)"),
            (Some(d), None) => d,
            (None, Some(s)) => format!("phép toán không hợp lệ ở `{s}`"),
            (None, None) => "phép toán không hợp lệ".to_string(),
        },
        _ => {
            let what = detail.unwrap_or_else(|| err.kind().to_string());
            match snippet {
                Some(s) => format!("lỗi khi dựng mẫu ở `{s}`: {what}"),
                None => format!("lỗi khi dựng mẫu: {what}"),
            }
        }
    }
}

fn render_body(
    env: &Environment<'static>,
    ctx: &Value,
    file: &str,
    split: &Split<'_>,
) -> Result<String, TemplateError> {
    env.render_named_str("body", split.body, ctx).map_err(|e| TemplateError::Render {
        file: file.to_string(),
        line: split.body_line + e.line().unwrap_or(1).saturating_sub(1),
        key: None,
        message: jinja_message(&e, split.body),
    })
}

/// Maps a Markdown error (lines of the rendered body) back to the template: the rendered
/// line's text is looked up among the template's body lines (a `table` fence or annex
/// marker is template text); the n-th such rendered line maps to the n-th (or last) such
/// template line, so blocks produced in a loop point at the loop's line.
fn content_error(file: &str, split: &Split<'_>, rendered: &str, err: MarkdownError) -> TemplateError {
    let rendered_lines: Vec<&str> = rendered.lines().collect();
    let target = rendered_lines.get(err.line.saturating_sub(1)).map(|l| l.trim()).unwrap_or("");
    if target == format!("```{}", markdown::TYPED_BLOCK) {
        // A typed table or chart: the template line of the filter that placed it, counted
        // among the same filter's lines as it was among the same kind of blocks.
        let kind = |l: &str| l.split_whitespace().nth(1).unwrap_or("").to_string();
        let this = rendered_lines.get(err.line).map(|l| kind(l)).unwrap_or_default();
        let before = rendered_lines
            .iter()
            .take(err.line.saturating_sub(1))
            .zip(rendered_lines.iter().skip(1))
            .filter(|(l, next)| l.trim() == target && kind(next) == this)
            .count();
        let filter = format!("| {this}");
        let lines: Vec<usize> = split
            .body
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains("{{") && l.contains(&filter))
            .map(|(i, _)| i)
            .collect();
        if let Some(i) = lines.get(before).or(lines.last()) {
            return TemplateError::Content { file: file.to_string(), line: split.body_line + i, message: err.message };
        }
    }
    let occurrence = rendered_lines.iter().take(err.line.saturating_sub(1)).filter(|l| l.trim() == target).count();
    let matches: Vec<usize> = split
        .body
        .lines()
        .enumerate()
        .filter(|(_, l)| !target.is_empty() && l.trim() == target)
        .map(|(i, _)| i)
        .collect();
    let line = match matches.get(occurrence).or(matches.last()) {
        Some(i) => split.body_line + i,
        None => split.body_line + err.line.saturating_sub(1),
    };
    TemplateError::Content { file: file.to_string(), line, message: err.message }
}

/// A string or a list of strings (front-matter fields that hold lines).
#[derive(Debug, Default, Clone, PartialEq)]
struct Lines(Vec<String>);

impl<'de> Deserialize<'de> for Lines {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Yaml::deserialize(d)? {
            Yaml::String(s) if s.trim().is_empty() => Ok(Lines(Vec::new())),
            Yaml::String(s) => Ok(Lines(vec![s])),
            Yaml::Sequence(items) => items
                .into_iter()
                .map(|v| match v {
                    Yaml::String(s) => Ok(s),
                    _ => Err(serde::de::Error::custom("danh sách chỉ được chứa chuỗi")),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(|v| Lines(v.into_iter().filter(|s| !s.trim().is_empty()).collect())),
            _ => Err(serde::de::Error::custom("cần một chuỗi hoặc danh sách chuỗi")),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    header: HeaderSpec,
    #[serde(default)]
    title: Option<TitleSpec>,
    #[serde(default)]
    recipients: Lines,
    signature: SignatureSpec,
    #[serde(default)]
    distribution: Lines,
    #[serde(default)]
    meta: MetaSpec,
    #[serde(default)]
    document: Option<IdentitySpec>,
}

/// A whole number written in the front matter: every value there is rendered as text,
/// so `order: 1` arrives as `"1"`.
fn number_text<'de, D: Deserializer<'de>, N: std::str::FromStr>(d: D) -> Result<Option<N>, D::Error> {
    let text = String::deserialize(d)?;
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| serde::de::Error::custom(format!("cần một số nguyên, nhận được «{text}»")))
}

/// `document:` — the document's identity for the register and the archive.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IdentitySpec {
    #[serde(default)]
    job: Option<String>,
    #[serde(default, deserialize_with = "number_text")]
    order: Option<i32>,
    #[serde(rename = "type")]
    type_name: String,
    abbrev: String,
    stem: String,
    #[serde(default)]
    label: Option<String>,
    /// Register subject; defaults to the title's subject, or the công văn's `V/v` line.
    #[serde(default)]
    subject: Option<String>,
    #[serde(default, deserialize_with = "number_text")]
    copies: Option<u32>,
    #[serde(default)]
    keeping: Option<String>,
    /// Rendered to `true`/`false`; absent means always.
    #[serde(default)]
    when: Option<String>,
    #[serde(default)]
    skipped: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderSpec {
    #[serde(default)]
    parent: Lines,
    authority: Lines,
    #[serde(default)]
    number: String,
    #[serde(default)]
    symbol: Option<String>,
    #[serde(default)]
    subject: Lines,
    #[serde(default)]
    nation: Option<String>,
    #[serde(default)]
    motto: Option<String>,
    place: String,
    #[serde(default)]
    date: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TitleSpec {
    kind: String,
    #[serde(default)]
    subject: Lines,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SignatureSpec {
    #[serde(default)]
    authority: String,
    position: String,
    #[serde(default)]
    name: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MetaSpec {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    author: Option<String>,
}

fn deserialize_front(file: &str, split: &Split<'_>, value: Yaml) -> Result<FrontMatter, TemplateError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let message = crate::serde_vi::translate(&e.inner().to_string());
        let keys: Vec<&str> =
            path.split('.').filter(|k| *k != "?" && !k.is_empty()).map(|k| k.split('[').next().unwrap_or(k)).collect();
        TemplateError::Field {
            file: file.to_string(),
            line: key_line(split, &keys),
            key: if path == "." || path.is_empty() { "(gốc)".to_string() } else { path },
            message,
        }
    })
}

fn field_error(file: &str, split: &Split<'_>, keys: &[&str], message: impl Into<String>) -> TemplateError {
    TemplateError::Field {
        file: file.to_string(),
        line: key_line(split, keys),
        key: keys.join("."),
        message: message.into(),
    }
}

/// `Số: 05/BC-SNV`, or `Số:      /BC-SNV` when the number is left blank.
pub fn number_line(number: &str, symbol: Option<&str>) -> Result<String, String> {
    let (num, sym) = match symbol {
        Some(sym) => (number.trim(), sym.trim().trim_start_matches('/').trim()),
        None => {
            let s = number.trim();
            let s = s.strip_prefix("Số:").unwrap_or(s).trim();
            match s.split_once('/') {
                Some((n, sym)) => (n.trim(), sym.trim()),
                None => {
                    return Err(format!(
                        "số, ký hiệu \"{s}\" cần dạng `05/BC-SNV` (hoặc `/BC-SNV` để trống số), hoặc dùng thêm trường `symbol`"
                    ))
                }
            }
        }
    };
    if sym.is_empty() || sym.contains(char::is_whitespace) {
        return Err(format!("ký hiệu văn bản \"{sym}\" phải có dạng `BC-SNV`, không có dấu cách"));
    }
    if num.is_empty() {
        return Ok(format!("Số:{BLANK}/{sym}"));
    }
    match num.parse::<u32>() {
        Ok(n) if n > 0 && num.chars().all(|c| c.is_ascii_digit()) => Ok(format!("Số: {}/{sym}", filters::so_hieu(n))),
        _ => Err(format!("số văn bản \"{num}\" phải là số nguyên dương (hoặc để trống)")),
    }
}

/// The document date as given: `YYYY-MM-DD`, `YYYY-MM` (day blank), `YYYY` (day and month
/// blank) or empty (all blank).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PartialDate {
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl PartialDate {
    pub fn parse(text: &str) -> Result<PartialDate, String> {
        let t = text.trim();
        let bad = || format!("ngày \"{t}\" cần dạng YYYY-MM-DD (hoặc YYYY-MM, YYYY, hoặc để trống khi chưa ký)");
        if t.is_empty() {
            return Ok(PartialDate { year: None, month: None, day: None });
        }
        let parts: Vec<&str> = t.split('-').collect();
        let year = parts.first().and_then(|y| y.parse::<i32>().ok()).filter(|y| (1900..=9999).contains(y));
        let year = year.ok_or_else(bad)?;
        match parts.len() {
            1 => Ok(PartialDate { year: Some(year), month: None, day: None }),
            2 => {
                let month = parts[1].parse::<u32>().ok().filter(|m| (1..=12).contains(m)).ok_or_else(bad)?;
                Ok(PartialDate { year: Some(year), month: Some(month), day: None })
            }
            3 => {
                let date = filters::parse_date(t).ok_or_else(bad)?;
                use chrono::Datelike;
                Ok(PartialDate { year: Some(date.year()), month: Some(date.month()), day: Some(date.day()) })
            }
            _ => Err(bad()),
        }
    }

    pub fn full(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year?, self.month?, self.day?)
    }

    /// `Lào Cai, ngày 05 tháng 01 năm 2023`; blanks as [`BLANK`].
    pub fn place_date(&self, place: &str) -> String {
        let part = |v: Option<String>| v.map(|v| format!(" {v} ")).unwrap_or_else(|| BLANK.to_string());
        let year = self.year.map(|y| format!(" {y}")).unwrap_or_else(|| BLANK.to_string());
        format!(
            "{place}, ngày{}tháng{}năm{year}",
            part(self.day.map(filters::day_text)),
            part(self.month.map(filters::month_text))
        )
    }
}

/// Strips a leading `- ` and one trailing `;`/`.` a line may already carry.
fn bare(text: &str) -> &str {
    let t = text.trim();
    let t = t.strip_prefix("- ").unwrap_or(t).trim_start();
    let t = t.strip_suffix(';').or_else(|| t.strip_suffix('.')).unwrap_or(t);
    t.trim_end()
}

/// `Kính gửi:` lines: one recipient → `X.`; several → `- X;` … `- Y.`.
pub fn recipient_lines(items: &[String]) -> Vec<String> {
    let items: Vec<&str> = items.iter().map(|s| bare(s)).filter(|s| !s.is_empty()).collect();
    match items.len() {
        0 => Vec::new(),
        1 => vec![format!("{}.", items[0])],
        n => items.iter().enumerate().map(|(i, s)| format!("- {s}{}", if i + 1 == n { "." } else { ";" })).collect(),
    }
}

/// `Nơi nhận` lines: `- X;` … the last `- Y.`, styles kept.
fn distribution_lines(lines: Vec<Line>) -> Vec<Line> {
    let lines: Vec<Line> = lines.into_iter().map(strip_line).filter(|l| !l.is_empty()).collect();
    let n = lines.len();
    lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let mut out = vec![Run::plain("- ")];
            for run in line {
                push_merged(&mut out, run);
            }
            push_merged(&mut out, Run::plain(if i + 1 == n { "." } else { ";" }));
            out
        })
        .collect()
}

fn push_merged(line: &mut Line, run: Run) {
    if let Some(last) = line.last_mut() {
        if last.bold == run.bold && last.italic == run.italic && last.script == run.script {
            last.text.push_str(&run.text);
            return;
        }
    }
    line.push(run);
}

fn strip_line(mut line: Line) -> Line {
    if let Some(first) = line.first_mut() {
        let t = first.text.trim_start();
        first.text = t.strip_prefix("- ").unwrap_or(t).trim_start().to_string();
    }
    line.retain(|r| !r.text.is_empty());
    if let Some(last) = line.last_mut() {
        let t = last.text.trim_end();
        let t = t.strip_suffix(';').or_else(|| t.strip_suffix('.')).unwrap_or(t);
        last.text = t.trim_end().to_string();
    }
    line.retain(|r| !r.text.is_empty());
    line
}

fn build_document(
    file: &str,
    split: &Split<'_>,
    spec: FrontMatter,
    parsed: markdown::ParsedBody,
) -> Result<Document, TemplateError> {
    let h = spec.header;
    if h.authority.0.is_empty() {
        return Err(field_error(file, split, &["header", "authority"], "thiếu tên cơ quan ban hành"));
    }
    if h.place.trim().is_empty() {
        return Err(field_error(file, split, &["header", "place"], "thiếu địa danh (ví dụ `Lào Cai`)"));
    }
    let number = number_line(&h.number, h.symbol.as_deref()).map_err(|m| {
        let key = if h.symbol.is_some() && !h.number.trim().is_empty() { "number" } else { "symbol" };
        let key = if h.symbol.is_none() { "number" } else { key };
        field_error(file, split, &["header", key], m)
    })?;
    let date = PartialDate::parse(&h.date).map_err(|m| field_error(file, split, &["header", "date"], m))?;
    let sig = spec.signature;
    if sig.position.trim().is_empty() {
        return Err(field_error(file, split, &["signature", "position"], "thiếu chức vụ người ký"));
    }
    let mut distribution = Vec::new();
    for (i, text) in spec.distribution.0.iter().enumerate() {
        let line = markdown::parse_inline(text).map_err(|e| {
            field_error(file, split, &["distribution"], format!("dòng {} của Nơi nhận: {}", i + 1, e.message))
        })?;
        distribution.push(line);
    }
    let distribution = distribution_lines(distribution);
    if distribution.is_empty() {
        return Err(field_error(file, split, &["distribution"], "thiếu Nơi nhận (ít nhất dòng `Lưu: VT, …`)"));
    }
    let title = match spec.title {
        Some(t) if !t.kind.trim().is_empty() => Some(Title {
            kind: t.kind.trim().to_string(),
            subject: t.subject.0.iter().map(|s| s.trim().to_string()).collect(),
        }),
        _ => None,
    };
    let recipients = recipient_lines(&spec.recipients.0);
    let recipients =
        if recipients.is_empty() { None } else { Some(Recipients { label: "Kính gửi:".into(), lines: recipients }) };
    let header = Letterhead {
        parent: h.parent.0.iter().map(|s| s.trim().to_string()).collect(),
        authority: h.authority.0.iter().map(|s| s.trim().to_string()).collect(),
        number,
        subject: h.subject.0.iter().map(|s| s.trim().to_string()).collect(),
        nation: h.nation.filter(|s| !s.trim().is_empty()).unwrap_or_else(|| NATION.to_string()),
        motto: h.motto.filter(|s| !s.trim().is_empty()).unwrap_or_else(|| MOTTO.to_string()),
        place_date: date.place_date(h.place.trim()),
    };
    let meta_title = spec.meta.title.filter(|s| !s.trim().is_empty()).unwrap_or_else(|| match &title {
        Some(t) => std::iter::once(t.kind.clone()).chain(t.subject.iter().cloned()).collect::<Vec<_>>().join(" "),
        None => header.subject.join(" "),
    });
    let identity = match spec.document {
        Some(d) => Some(identity(file, split, d, &header, h.symbol.as_deref(), &title, &spec.recipients.0, &sig)?),
        None => None,
    };
    let meta = Meta {
        title: meta_title,
        date: date.full(),
        author: spec.meta.author.filter(|s| !s.trim().is_empty()).unwrap_or_else(|| header.authority.join(" ")),
    };
    Ok(Document {
        meta,
        header,
        title,
        recipients,
        body: parsed.body,
        signature: Signature {
            authority: sig.authority.trim().to_string(),
            position: sig.position.trim().to_string(),
            name: sig.name.trim().to_string(),
        },
        distribution: Distribution { label: "Nơi nhận:".into(), lines: distribution },
        annexes: parsed.annexes,
        identity,
    })
}

#[allow(clippy::too_many_arguments)]
fn identity(
    file: &str,
    split: &Split<'_>,
    d: IdentitySpec,
    header: &Letterhead,
    symbol: Option<&str>,
    title: &Option<Title>,
    recipients: &[String],
    sig: &SignatureSpec,
) -> Result<Identity, TemplateError> {
    let need = |v: &str, key: &str, what: &str| {
        if v.trim().is_empty() {
            Err(field_error(file, split, &["document", key], format!("thiếu {what}")))
        } else {
            Ok(v.trim().to_string())
        }
    };
    let type_name = need(&d.type_name, "type", "tên loại văn bản (ví dụ `Báo cáo`)")?;
    let type_abbrev = need(&d.abbrev, "abbrev", "chữ viết tắt tên loại văn bản (ví dụ `BC`)")?;
    let stem = need(&d.stem, "stem", "tên tệp kết quả (ví dụ `bao-cao-tong-hop`)")?;
    if !stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err(field_error(
            file,
            split,
            &["document", "stem"],
            format!("tên tệp «{stem}» chỉ được dùng chữ không dấu, số, `-` và `_`"),
        ));
    }
    let produce = match d.when.as_deref().map(str::trim) {
        None | Some("true") | Some("True") | Some("1") => true,
        Some("false") | Some("False") | Some("0") | Some("") => false,
        Some(other) => {
            return Err(field_error(
                file,
                split,
                &["document", "when"],
                format!("`when` phải cho `true` hoặc `false`, nhận được «{other}»"),
            ))
        }
    };
    let default_subject = match title {
        Some(t) => t.subject.join(" "),
        None => header.subject.join(" "),
    };
    let signer = if sig.name.trim().is_empty() { sig.position.trim() } else { sig.name.trim() };
    Ok(Identity {
        job: d.job.map(|j| j.trim().to_string()).filter(|j| !j.is_empty()),
        order: d.order.unwrap_or(0),
        type_name,
        type_abbrev,
        symbol: symbol.map(|s| s.trim().trim_start_matches('/').to_string()).filter(|s| !s.is_empty()),
        subject: d.subject.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).unwrap_or(default_subject),
        label: d.label.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).unwrap_or_else(|| stem.clone()),
        stem,
        recipients: recipients.iter().map(|r| bare(r).to_string()).filter(|r| !r.is_empty()).collect(),
        signer: signer.to_string(),
        copies: d.copies.unwrap_or(2),
        keeping: d.keeping.map(|s| s.trim().to_string()).unwrap_or_default(),
        produce,
        skipped: d.skipped.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
    })
}

/// The job a template belongs to, read from its front matter without rendering it
/// (`document: { job: …, order: … }`). `None` for a template of no job, or one whose
/// front matter does not parse (rendering it reports that properly).
pub fn template_job(t: &TemplateFile) -> Option<(String, i32)> {
    let split = split_front_matter(&t.name, &t.source).ok()?;
    let value: Yaml = serde_yaml::from_str(split.front).ok()?;
    let doc = value.get("document")?;
    let job = doc.get("job")?.as_str()?.trim().to_string();
    let order = doc
        .get("order")
        .and_then(|o| o.as_i64().or_else(|| o.as_str().and_then(|s| s.trim().parse().ok())))
        .and_then(|o| i32::try_from(o).ok())
        .unwrap_or(0);
    (!job.is_empty()).then_some((job, order))
}

/// Every template of a job, the clerk's folder first (it overrides an embedded template
/// of the same name, and may add documents), in `order`, then name.
pub fn job_templates(job: &str, templates_dir: &Path) -> Result<Vec<TemplateFile>, TemplateError> {
    let mut names: BTreeSet<String> = EMBEDDED.iter().map(|(n, _)| (*n).to_string()).collect();
    if let Ok(entries) = std::fs::read_dir(templates_dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if let Some(stem) = name.strip_suffix(".md.j2") {
                if e.path().is_file() {
                    names.insert(stem.to_string());
                }
            }
        }
    }
    let mut found = Vec::new();
    for name in names {
        let t = load_template(&name, templates_dir, None)?;
        // The clerk's copy of a shipped document keeps its place even when its front
        // matter is broken: rendering it then says what is wrong, instead of the
        // document silently vanishing from the job.
        let shipped = EMBEDDED.iter().find(|(n, _)| *n == name).and_then(|(n, source)| {
            template_job(&TemplateFile { name: (*n).to_string(), source: (*source).to_string() })
        });
        match (template_job(&t), shipped) {
            (Some((j, order)), _) if j == job => found.push((order, name, t)),
            (None, Some((j, order))) if j == job => found.push((order, name, t)),
            _ => {}
        }
    }
    found.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    Ok(found.into_iter().map(|(_, _, t)| t).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_lines() {
        assert_eq!(number_line("5/BC-SNV", None).unwrap(), "Số: 05/BC-SNV");
        assert_eq!(number_line("Số: 12/BC-SNV", None).unwrap(), "Số: 12/BC-SNV");
        assert_eq!(number_line("/UBND-KSTT", None).unwrap(), "Số:      /UBND-KSTT");
        assert_eq!(number_line("", Some("UBND-KSTT")).unwrap(), "Số:      /UBND-KSTT");
        assert_eq!(number_line("07", Some("/BC-SNV")).unwrap(), "Số: 07/BC-SNV");
        assert!(number_line("BC-SNV", None).is_err());
        assert!(number_line("5", Some("")).is_err());
        assert!(number_line("năm", Some("BC-SNV")).is_err());
        assert!(number_line("0", Some("BC-SNV")).is_err());
    }

    #[test]
    fn place_dates() {
        let d = |s: &str| PartialDate::parse(s).unwrap().place_date("Lào Cai");
        assert_eq!(d("2023-01-05"), "Lào Cai, ngày 05 tháng 01 năm 2023");
        assert_eq!(d("2023-03-15"), "Lào Cai, ngày 15 tháng 3 năm 2023");
        assert_eq!(d("2023"), "Lào Cai, ngày      tháng      năm 2023");
        assert_eq!(d("2023-05"), "Lào Cai, ngày      tháng 5 năm 2023");
        assert_eq!(d(""), "Lào Cai, ngày      tháng      năm      ");
        assert!(PartialDate::parse("2023-02-30").is_err());
        assert!(PartialDate::parse("05/01/2023").is_err());
        assert!(PartialDate::parse("2023-13").is_err());
        assert_eq!(PartialDate::parse("2023").unwrap().full(), None);
        assert_eq!(PartialDate::parse("2023-01-05").unwrap().full(), NaiveDate::from_ymd_opt(2023, 1, 5));
    }

    #[test]
    fn recipients_get_their_punctuation() {
        assert_eq!(recipient_lines(&["Ủy ban nhân dân tỉnh Lào Cai".into()]), vec!["Ủy ban nhân dân tỉnh Lào Cai."]);
        assert_eq!(
            recipient_lines(&["- Các sở, ban, ngành tỉnh;".into(), "UBND các huyện, thị xã, thành phố".into()]),
            vec!["- Các sở, ban, ngành tỉnh;", "- UBND các huyện, thị xã, thành phố."]
        );
        assert!(recipient_lines(&[]).is_empty());
    }

    #[test]
    fn split_counts_lines() {
        let s = split_front_matter("t", "---\na: 1\nb: 2\n---\nthân\n").unwrap();
        assert_eq!(s.front_line, 2);
        assert_eq!(s.body_line, 5);
        assert_eq!(s.body, "thân\n");
        assert!(split_front_matter("t", "a: 1\n---\n").is_err());
        assert!(split_front_matter("t", "---\na: 1\n").is_err());
    }
}
