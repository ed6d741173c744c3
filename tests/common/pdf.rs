//! Reading a PDF back (text, positions, fonts, sizes, pages, metadata) for assertions.
//!
//! Written on lopdf alone: content streams are interpreted (graphics and text state, form
//! XObjects), glyph codes decoded through each font's ToUnicode CMap (typst writes
//! Identity-H CID fonts) and advanced with the font's widths, so every shown string gets
//! its page position, font and effective size. Lines are rebuilt from positions.

use std::collections::{BTreeSet, HashMap};

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// Points per millimetre.
pub const PT_PER_MM: f64 = 72.0 / 25.4;

/// One shown string: where it starts (PDF user space, origin bottom-left, points), the
/// font's base name without subset tag, the effective size and the decoded text.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub x: f64,
    pub y: f64,
    pub end_x: f64,
    pub size: f64,
    pub font: String,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub width: f64,
    pub height: f64,
    pub rotate: i64,
    pub spans: Vec<Span>,
}

impl Page {
    /// The page's text lines, top to bottom; spans on one baseline (sub/superscripts
    /// included) joined, with a space where there is a visible gap.
    pub fn lines(&self) -> Vec<String> {
        text_lines(&self.spans)
    }

    pub fn text(&self) -> String {
        self.lines().join("\n")
    }

    pub fn is_landscape(&self) -> bool {
        let (w, h) = if self.rotate % 180 == 0 { (self.width, self.height) } else { (self.height, self.width) };
        w > h
    }
}

#[derive(Debug, Clone)]
pub struct Pdf {
    pub pages: Vec<Page>,
    pub doc: Document,
}

/// Parses a PDF; panics with a message when it cannot (tests only).
pub fn read(bytes: &[u8]) -> Pdf {
    let doc = Document::load_mem(bytes).expect("PDF parses");
    let mut pages = Vec::new();
    for (_, id) in doc.get_pages() {
        pages.push(read_page(&doc, id));
    }
    Pdf { pages, doc }
}

impl Pdf {
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// All text, pages separated by a form feed line.
    pub fn text(&self) -> String {
        self.pages.iter().map(Page::text).collect::<Vec<_>>().join("\n\u{c}\n")
    }

    /// Base font names of the fonts that show text (subset tags removed).
    pub fn fonts_used(&self) -> BTreeSet<String> {
        self.pages.iter().flat_map(|p| p.spans.iter().map(|s| s.font.clone())).collect()
    }

    /// Effective sizes used by text, rounded to 0.1 pt, as tenths (e.g. 140 = 14 pt).
    pub fn font_sizes(&self) -> BTreeSet<i64> {
        self.pages.iter().flat_map(|p| p.spans.iter().map(|s| (s.size * 10.0).round() as i64)).collect()
    }

    /// The spans that show the first occurrence of `needle` (whitespace-insensitive),
    /// looked up in each page's text in content order, so a phrase broken over two lines
    /// or set in several runs is still found.
    pub fn spans_showing(&self, needle: &str) -> Vec<&Span> {
        let needle: Vec<char> = normalize_ws(needle).chars().collect();
        for page in &self.pages {
            let mut chars: Vec<char> = Vec::new();
            let mut owner: Vec<usize> = Vec::new();
            for (i, span) in page.spans.iter().enumerate() {
                for c in span.text.chars() {
                    let c = if c.is_whitespace() { ' ' } else { c };
                    if c == ' ' && chars.last().is_none_or(|l| *l == ' ') {
                        continue;
                    }
                    chars.push(c);
                    owner.push(i);
                }
            }
            if needle.is_empty() || chars.len() < needle.len() {
                continue;
            }
            if let Some(start) = (0..=chars.len() - needle.len()).find(|&k| chars[k..k + needle.len()] == needle[..]) {
                let mut ids: Vec<usize> = owner[start..start + needle.len()].to_vec();
                ids.dedup();
                return ids.into_iter().map(|i| &page.spans[i]).collect();
            }
        }
        Vec::new()
    }

    /// Base names of fonts whose program is embedded (FontFile, FontFile2, FontFile3).
    pub fn embedded_fonts(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for obj in self.doc.objects.values() {
            let Ok(dict) = obj.as_dict() else { continue };
            if !dict.has_type(b"FontDescriptor") {
                continue;
            }
            let embedded = [&b"FontFile"[..], b"FontFile2", b"FontFile3"].iter().any(|k| dict.has(k));
            if let (true, Ok(name)) = (embedded, dict.get(b"FontName").and_then(Object::as_name)) {
                out.insert(strip_subset(&String::from_utf8_lossy(name)));
            }
        }
        out
    }

    /// The XMP metadata packet of the catalog, if any.
    pub fn xmp(&self) -> Option<String> {
        let catalog = self.doc.catalog().ok()?;
        let (_, obj) = self.doc.dereference(catalog.get(b"Metadata").ok()?).ok()?;
        let stream = obj.as_stream().ok()?;
        let bytes = stream.get_plain_content().ok()?;
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// A text entry of the document information dictionary (`Title`, `Author`,
    /// `CreationDate`…), decoded from PDFDocEncoding or UTF-16BE.
    pub fn info(&self, key: &str) -> Option<String> {
        let info = self.doc.trailer.get(b"Info").ok()?;
        let (_, info) = self.doc.dereference(info).ok()?;
        let value = info.as_dict().ok()?.get(key.as_bytes()).ok()?;
        let (_, value) = self.doc.dereference(value).ok()?;
        Some(decode_text_string(value.as_str().ok()?))
    }
}

/// Text of every page (one string per page, lines separated by `\n`).
pub fn page_texts(bytes: &[u8]) -> Vec<String> {
    read(bytes).pages.iter().map(Page::text).collect()
}

/// The whole text of a PDF.
pub fn pdf_text(bytes: &[u8]) -> String {
    read(bytes).text()
}

pub fn page_count(bytes: &[u8]) -> usize {
    read(bytes).page_count()
}

/// (width, height) of each page's MediaBox in points.
pub fn page_sizes(bytes: &[u8]) -> Vec<(f64, f64)> {
    read(bytes).pages.iter().map(|p| (p.width, p.height)).collect()
}

/// Collapses runs of whitespace to one space and trims (for comparing texts).
pub fn normalize_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip_subset(name: &str) -> String {
    match name.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()) => rest.to_string(),
        _ => name.to_string(),
    }
}

fn decode_text_string(bytes: &[u8]) -> String {
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> =
            bytes[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
        String::from_utf16_lossy(&units)
    } else if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(&bytes[3..]).into_owned()
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

// ------------------------------------------------------------------------------ page walk

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    doc.dereference(obj).map(|(_, o)| o).unwrap_or(obj)
}

/// A page attribute, inherited from the page tree when absent.
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut dict = page;
    for _ in 0..32 {
        if let Ok(v) = dict.get(key) {
            return Some(deref(doc, v));
        }
        dict = deref(doc, dict.get(b"Parent").ok()?).as_dict().ok()?;
    }
    None
}

fn number(obj: &Object) -> f64 {
    match obj {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        _ => 0.0,
    }
}

fn read_page(doc: &Document, id: ObjectId) -> Page {
    let page = doc.get_dictionary(id).expect("page dictionary");
    let media: Vec<f64> = inherited(doc, page, b"MediaBox")
        .and_then(|o| o.as_array().ok())
        .map(|a| a.iter().map(|o| number(deref(doc, o))).collect())
        .unwrap_or_default();
    let (width, height) = match media.as_slice() {
        [x0, y0, x1, y1] => ((x1 - x0).abs(), (y1 - y0).abs()),
        _ => (0.0, 0.0),
    };
    let rotate = inherited(doc, page, b"Rotate").and_then(|o| o.as_i64().ok()).unwrap_or(0);
    let resources = inherited(doc, page, b"Resources").and_then(|o| o.as_dict().ok());
    let content = doc.get_page_content(id).expect("page content");
    let mut walker = Walker { doc, fonts: HashMap::new(), spans: Vec::new() };
    walker.run(&content, resources, IDENTITY, 0);
    Page { width, height, rotate, spans: walker.spans }
}

type Matrix = [f64; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `a × b` in PDF's row-vector convention (apply `a` first, then `b`).
fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn matrix_of(ops: &[Object]) -> Option<Matrix> {
    let v: Vec<f64> = ops.iter().map(number).collect();
    <[f64; 6]>::try_from(v.as_slice()).ok()
}

struct FontInfo {
    name: String,
    code_len: usize,
    to_unicode: HashMap<u32, String>,
    widths: HashMap<u32, f64>,
    default_width: f64,
}

#[derive(Clone)]
struct TextState {
    font: Option<Vec<u8>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    scale: f64,
    leading: f64,
    rise: f64,
}

struct Walker<'a> {
    doc: &'a Document,
    fonts: HashMap<ObjectId, std::rc::Rc<FontInfo>>,
    spans: Vec<Span>,
}

impl<'a> Walker<'a> {
    fn run(&mut self, content: &[u8], resources: Option<&'a Dictionary>, ctm0: Matrix, depth: usize) {
        let Ok(content) = Content::decode(content) else { return };
        let mut ctm = ctm0;
        let mut stack: Vec<(Matrix, TextState)> = Vec::new();
        let mut ts = TextState {
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        };
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        for op in &content.operations {
            let o = &op.operands;
            match op.operator.as_str() {
                "q" => stack.push((ctm, ts.clone())),
                "Q" => {
                    if let Some((m, t)) = stack.pop() {
                        ctm = m;
                        ts = t;
                    }
                }
                "cm" => {
                    if let Some(m) = matrix_of(o) {
                        ctm = mul(&m, &ctm);
                    }
                }
                "BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                "Tf" => {
                    ts.font = o.first().and_then(|n| n.as_name().ok()).map(<[u8]>::to_vec);
                    ts.size = o.get(1).map(number).unwrap_or(0.0);
                }
                "Tc" => ts.char_spacing = o.first().map(number).unwrap_or(0.0),
                "Tw" => ts.word_spacing = o.first().map(number).unwrap_or(0.0),
                "Tz" => ts.scale = o.first().map(number).unwrap_or(100.0) / 100.0,
                "TL" => ts.leading = o.first().map(number).unwrap_or(0.0),
                "Ts" => ts.rise = o.first().map(number).unwrap_or(0.0),
                "Td" | "TD" => {
                    let (tx, ty) = (o.first().map(number).unwrap_or(0.0), o.get(1).map(number).unwrap_or(0.0));
                    if op.operator == "TD" {
                        ts.leading = -ty;
                    }
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &tlm);
                    tm = tlm;
                }
                "Tm" => {
                    if let Some(m) = matrix_of(o) {
                        tlm = m;
                        tm = m;
                    }
                }
                "T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -ts.leading], &tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" | "TJ" => {
                    if op.operator != "Tj" && op.operator != "TJ" {
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -ts.leading], &tlm);
                        tm = tlm;
                    }
                    let items: Vec<&Object> = match op.operator.as_str() {
                        "TJ" => {
                            o.first().and_then(|a| a.as_array().ok()).map(|a| a.iter().collect()).unwrap_or_default()
                        }
                        "\"" => o.get(2).into_iter().collect(),
                        _ => o.first().into_iter().collect(),
                    };
                    self.show(&items, &ts, &mut tm, &ctm, resources);
                }
                "Do" if depth < 8 => {
                    let Some(name) = o.first().and_then(|n| n.as_name().ok()) else { continue };
                    self.form(name, resources, &ctm, depth);
                }
                _ => {}
            }
        }
    }

    fn form(&mut self, name: &[u8], resources: Option<&'a Dictionary>, ctm: &Matrix, depth: usize) {
        let doc = self.doc;
        let Some(xobjects) = resources.and_then(|r| r.get(b"XObject").ok()).map(|x| deref(doc, x)) else { return };
        let Some(obj) = xobjects.as_dict().ok().and_then(|d| d.get(name).ok()).map(|x| deref(doc, x)) else { return };
        let Ok(stream) = obj.as_stream() else { return };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(&b"Form"[..]) {
            return;
        }
        let matrix = stream.dict.get(b"Matrix").ok().and_then(|m| m.as_array().ok()).and_then(|a| matrix_of(a));
        let own = stream.dict.get(b"Resources").ok().and_then(|r| deref(doc, r).as_dict().ok());
        let content = stream.get_plain_content().unwrap_or_default();
        let ctm = mul(&matrix.unwrap_or(IDENTITY), ctm);
        self.run(&content, own.or(resources), ctm, depth + 1);
    }

    fn font(&mut self, name: &[u8], resources: Option<&'a Dictionary>) -> Option<std::rc::Rc<FontInfo>> {
        let doc = self.doc;
        let fonts = deref(doc, resources?.get(b"Font").ok()?).as_dict().ok()?;
        let id = fonts.get(name).ok()?.as_reference().ok()?;
        if let Some(f) = self.fonts.get(&id) {
            return Some(f.clone());
        }
        let info = std::rc::Rc::new(load_font(doc, doc.get_dictionary(id).ok()?));
        self.fonts.insert(id, info.clone());
        Some(info)
    }

    fn show(&mut self, items: &[&Object], ts: &TextState, tm: &mut Matrix, ctm: &Matrix, res: Option<&'a Dictionary>) {
        let Some(font) = ts.font.as_deref().and_then(|n| self.font(n, res)) else { return };
        let start = mul(&mul(&[1.0, 0.0, 0.0, 1.0, 0.0, ts.rise], tm), ctm);
        let size = ts.size * (start[2] * start[2] + start[3] * start[3]).sqrt();
        let mut text = String::new();
        // Where the last visible glyph ends: trailing spaces do not count as ink.
        let mut ink_end = *tm;
        for item in items {
            match item {
                Object::String(bytes, _) => {
                    for code in bytes.chunks(font.code_len) {
                        let code = code.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b));
                        let w = font.widths.get(&code).copied().unwrap_or(font.default_width) / 1000.0;
                        let space = if font.code_len == 1 && code == 32 { ts.word_spacing } else { 0.0 };
                        let tx = (w * ts.size + ts.char_spacing + space) * ts.scale;
                        let decoded = font.to_unicode.get(&code).map(String::as_str).unwrap_or("\u{fffd}");
                        text.push_str(decoded);
                        *tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], tm);
                        if !decoded.trim().is_empty() {
                            ink_end = *tm;
                        }
                    }
                }
                other => {
                    let tx = -number(other) / 1000.0 * ts.size * ts.scale;
                    *tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], tm);
                }
            }
        }
        let end = mul(&mul(&[1.0, 0.0, 0.0, 1.0, 0.0, ts.rise], &ink_end), ctm);
        if !text.is_empty() {
            self.spans.push(Span { x: start[4], y: start[5], end_x: end[4], size, font: font.name.clone(), text });
        }
    }
}

// ------------------------------------------------------------------------------- fonts

fn load_font(doc: &Document, dict: &Dictionary) -> FontInfo {
    let name = dict.get(b"BaseFont").and_then(Object::as_name).map(|n| strip_subset(&String::from_utf8_lossy(n)));
    let subtype = dict.get(b"Subtype").and_then(Object::as_name).unwrap_or(b"");
    let mut info = FontInfo {
        name: name.unwrap_or_default(),
        code_len: if subtype == b"Type0" { 2 } else { 1 },
        to_unicode: HashMap::new(),
        widths: HashMap::new(),
        default_width: if subtype == b"Type0" { 1000.0 } else { 0.0 },
    };
    if let Some(stream) = dict.get(b"ToUnicode").ok().and_then(|o| deref(doc, o).as_stream().ok()) {
        if let Ok(bytes) = stream.get_plain_content() {
            parse_cmap(&String::from_utf8_lossy(&bytes), &mut info);
        }
    }
    if subtype == b"Type0" {
        let descendant = dict
            .get(b"DescendantFonts")
            .ok()
            .and_then(|d| deref(doc, d).as_array().ok())
            .and_then(|a| a.first())
            .and_then(|d| deref(doc, d).as_dict().ok());
        if let Some(cid) = descendant {
            if let Ok(dw) = cid.get(b"DW") {
                info.default_width = number(dw);
            }
            if let Some(w) = cid.get(b"W").ok().and_then(|w| deref(doc, w).as_array().ok()) {
                parse_cid_widths(doc, w, &mut info.widths);
            }
        }
    } else {
        let first = dict.get(b"FirstChar").map(number).unwrap_or(0.0) as u32;
        if let Some(ws) = dict.get(b"Widths").ok().and_then(|w| deref(doc, w).as_array().ok()) {
            for (i, w) in ws.iter().enumerate() {
                info.widths.insert(first + i as u32, number(deref(doc, w)));
            }
        }
        if info.to_unicode.is_empty() {
            info.to_unicode = (32u32..256).map(|c| (c, char::from_u32(c).unwrap_or(' ').to_string())).collect();
        }
    }
    info
}

/// `W` array: `c [w1 w2 …]` or `cfirst clast w`.
fn parse_cid_widths(doc: &Document, w: &[Object], out: &mut HashMap<u32, f64>) {
    let mut i = 0;
    while i + 1 < w.len() {
        let first = number(deref(doc, &w[i])) as u32;
        match deref(doc, &w[i + 1]) {
            Object::Array(list) => {
                for (k, v) in list.iter().enumerate() {
                    out.insert(first + k as u32, number(deref(doc, v)));
                }
                i += 2;
            }
            last => {
                let last = number(last) as u32;
                let width = w.get(i + 2).map(|v| number(deref(doc, v))).unwrap_or(0.0);
                for c in first..=last.min(first + 65535) {
                    out.insert(c, width);
                }
                i += 3;
            }
        }
    }
}

fn hex_value(token: &str) -> Option<(u32, usize)> {
    let hex = token.strip_prefix('<')?.strip_suffix('>')?;
    Some((u32::from_str_radix(hex, 16).ok()?, hex.len() / 2))
}

fn hex_unicode(token: &str) -> Option<String> {
    let hex = token.strip_prefix('<')?.strip_suffix('>')?;
    let units: Vec<u16> =
        (0..hex.len() / 4).filter_map(|i| u16::from_str_radix(hex.get(i * 4..i * 4 + 4)?, 16).ok()).collect();
    Some(String::from_utf16_lossy(&units))
}

/// Reads `codespacerange`, `bfchar` and `bfrange` sections of a ToUnicode CMap.
fn parse_cmap(text: &str, info: &mut FontInfo) {
    // Tokens: hex strings, brackets and words, whatever the line breaks.
    let spaced = text.replace('[', " [ ").replace(']', " ] ").replace('<', " <").replace('>', "> ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut i = 0;
    let mut section = "";
    while i < tokens.len() {
        let t = tokens[i];
        match t {
            "begincodespacerange" | "beginbfchar" | "beginbfrange" => {
                section = t;
                i += 1;
                continue;
            }
            "endcodespacerange" | "endbfchar" | "endbfrange" => {
                section = "";
                i += 1;
                continue;
            }
            _ => {}
        }
        match section {
            "begincodespacerange" => {
                if let Some((_, len)) = hex_value(t) {
                    info.code_len = len.max(1);
                }
                i += 2;
            }
            "beginbfchar" => {
                if let (Some((code, _)), Some(dst)) = (hex_value(t), tokens.get(i + 1).and_then(|d| hex_unicode(d))) {
                    info.to_unicode.insert(code, dst);
                }
                i += 2;
            }
            "beginbfrange" => {
                let lo = hex_value(t).map(|v| v.0);
                let hi = tokens.get(i + 1).and_then(|h| hex_value(h)).map(|v| v.0);
                if tokens.get(i + 2) == Some(&"[") {
                    let mut j = i + 3;
                    let mut code = lo.unwrap_or(0);
                    while j < tokens.len() && tokens[j] != "]" {
                        if let Some(dst) = hex_unicode(tokens[j]) {
                            info.to_unicode.insert(code, dst);
                        }
                        code += 1;
                        j += 1;
                    }
                    i = j + 1;
                } else {
                    if let (Some(lo), Some(hi), Some(dst)) = (lo, hi, tokens.get(i + 2).and_then(|d| hex_unicode(d))) {
                        let mut chars: Vec<u16> = dst.encode_utf16().collect();
                        for code in lo..=hi.min(lo + 65535) {
                            info.to_unicode.insert(code, String::from_utf16_lossy(&chars));
                            if let Some(last) = chars.last_mut() {
                                *last = last.wrapping_add(1);
                            }
                        }
                    }
                    i += 3;
                }
            }
            _ => i += 1,
        }
    }
}

// ------------------------------------------------------------------------------- lines

/// Groups spans into lines by baseline (a sub/superscript joins the line it sits on) and
/// orders them top to bottom, left to right.
pub fn text_lines(spans: &[Span]) -> Vec<String> {
    let mut sorted: Vec<&Span> = spans.iter().collect();
    // Largest text first, so a line's baseline comes from its body text, not a subscript.
    sorted.sort_by(|a, b| b.size.total_cmp(&a.size));
    let mut lines: Vec<(f64, f64, Vec<&Span>)> = Vec::new();
    for s in sorted {
        match lines.iter_mut().find(|(y, size, _)| (s.y - *y).abs() <= 0.55 * size.max(s.size)) {
            Some(line) => line.2.push(s),
            None => lines.push((s.y, s.size, vec![s])),
        }
    }
    lines.sort_by(|a, b| b.0.total_cmp(&a.0));
    lines
        .into_iter()
        .map(|(_, _, mut spans)| {
            spans.sort_by(|a, b| a.x.total_cmp(&b.x));
            let mut out = String::new();
            let mut prev_end: Option<f64> = None;
            for s in spans {
                if let Some(end) = prev_end {
                    if s.x - end > 0.15 * s.size && !out.ends_with(' ') && !s.text.starts_with(' ') {
                        out.push(' ');
                    }
                }
                out.push_str(&s.text);
                prev_end = Some(s.end_x);
            }
            out
        })
        .collect()
}
