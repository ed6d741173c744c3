//! Templates → Document: the seed directive, hostile data, front-matter injection, tables
//! and charts from data, annexes, the loader, and errors naming file and line.

use std::path::{Path, PathBuf};

use baocao::document::template::{load_template, render_named, render_template, TemplateError};
use baocao::document::{line_text, Align, Block, Document, Line, Run, Script};
use serde_json::json;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load_example(name: &str) -> serde_json::Value {
    let path = root().join("examples").join(name);
    let text = std::fs::read_to_string(&path).expect("example file");
    serde_yaml::from_str(&text).expect("example YAML")
}

fn render_example(name: &str) -> Document {
    let data = load_example(name);
    let template = data["template"].as_str().expect("template field").to_string();
    render_named(&template, &root().join("templates"), Some(&root().join("examples")), &data).expect("renders")
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A styled segment: (text, bold, italic, subscript).
type Seg = (String, bool, bool, bool);

/// Reads the seed's markers (`***`, `**`, `*`, `<sub>`) independently of the crate's parser.
fn seed_segments(line: &str) -> Vec<Seg> {
    let (mut bold, mut italic, mut sub) = (false, false, false);
    let mut out: Vec<Seg> = Vec::new();
    let mut text = String::new();
    let mut rest = line;
    let flush = |text: &mut String, out: &mut Vec<Seg>, b: bool, i: bool, s: bool| {
        if !text.is_empty() {
            out.push((std::mem::take(text), b, i, s));
        }
    };
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("***") {
            flush(&mut text, &mut out, bold, italic, sub);
            bold = !bold;
            italic = !italic;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("**") {
            flush(&mut text, &mut out, bold, italic, sub);
            bold = !bold;
            rest = r;
        } else if let Some(r) = rest.strip_prefix('*') {
            flush(&mut text, &mut out, bold, italic, sub);
            italic = !italic;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("<sub>") {
            flush(&mut text, &mut out, bold, italic, sub);
            sub = true;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("</sub>") {
            flush(&mut text, &mut out, bold, italic, sub);
            sub = false;
            rest = r;
        } else {
            let c = rest.chars().next().expect("non-empty");
            text.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    flush(&mut text, &mut out, bold, italic, sub);
    out
}

fn run_segments(runs: &[Run]) -> Vec<Seg> {
    let mut out: Vec<Seg> = Vec::new();
    for r in runs {
        let seg = (r.text.clone(), r.bold, r.italic, r.script == Script::Sub);
        match out.last_mut() {
            Some(last) if (last.1, last.2, last.3) == (seg.1, seg.2, seg.3) => last.0.push_str(&seg.0),
            _ => out.push(seg),
        }
    }
    out
}

/// The document's lines in the seed's reading order (its header read row by row: authority
/// | nation and motto, then number and subject | place-date), each with its runs where the
/// document carries styles.
fn seed_order(doc: &Document) -> Vec<(String, Option<Line>)> {
    let h = &doc.header;
    let mut out: Vec<(String, Option<Line>)> = Vec::new();
    out.extend(h.parent.iter().chain(&h.authority).map(|s| (s.clone(), None)));
    out.push((h.nation.clone(), None));
    out.push((h.motto.clone(), None));
    out.push((h.number.clone(), None));
    out.extend(h.subject.iter().map(|s| (s.clone(), None)));
    out.push((h.place_date.clone(), None));
    if let Some(r) = &doc.recipients {
        out.push((r.label.clone(), None));
        out.extend(r.lines.iter().map(|s| (s.clone(), None)));
    }
    for b in &doc.body {
        match b {
            Block::Paragraph { runs, .. } | Block::Heading { runs, .. } => {
                out.push((line_text(runs), Some(runs.clone())))
            }
            Block::List { items } => {
                for item in items {
                    let mut runs = vec![Run::plain("- ")];
                    runs.extend(item.iter().cloned());
                    out.push((format!("- {}", line_text(item)), Some(runs)));
                }
            }
            other => panic!("unexpected block in the seed: {other:?}"),
        }
    }
    out.push((doc.distribution.label.clone(), None));
    out.extend(doc.distribution.lines.iter().map(|l| (line_text(l), Some(l.clone()))));
    if !doc.signature.authority.is_empty() {
        out.push((doc.signature.authority.clone(), None));
    }
    out.push((doc.signature.position.clone(), None));
    out.push((doc.signature.name.clone(), None));
    out
}

#[test]
fn seed_directive_renders_line_by_line() {
    let doc = render_example("chi-dao-papi-2023.yaml");
    let seed = std::fs::read_to_string(root().join("tests/fixtures/directive-2023.md")).expect("fixture");
    let seed_lines: Vec<&str> = seed.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let ours = seed_order(&doc);
    assert_eq!(ours.len(), seed_lines.len(), "line count: {:#?}", ours.iter().map(|l| &l.0).collect::<Vec<_>>());
    for (i, ((text, runs), seed_line)) in ours.iter().zip(&seed_lines).enumerate() {
        let expected = seed_segments(seed_line);
        let expected_text: String = expected.iter().map(|s| s.0.as_str()).collect();
        // The seed is Markdown: runs of spaces (the blanks left for signing) collapse there.
        assert_eq!(collapse(text), collapse(&expected_text), "line {}", i + 1);
        if let Some(runs) = runs {
            assert_eq!(run_segments(runs), expected, "styles of line {}: {seed_line}", i + 1);
        }
    }
    // Every line of text_lines() is accounted for in the comparison above.
    assert_eq!(doc.text_lines().len(), ours.len());

    assert_eq!(doc.header.number, "Số:      /UBND-KSTT");
    assert_eq!(doc.header.place_date, "Lào Cai, ngày      tháng      năm 2023");
    assert_eq!(
        doc.header.subject,
        vec!["V/v triển khai thực hiện Kế", "hoạch cải thiện Chỉ số PAPI,", "SIPAS, PAR INDEX"]
    );
    assert_eq!(doc.meta.date, None);
    assert_eq!(doc.signature.name, "Trịnh Xuân Trường");
    assert_eq!(doc.signature.position, "CHỦ TỊCH");
    assert!(doc.title.is_none());
    let last = doc.distribution.lines.last().expect("Lưu line");
    assert_eq!(
        last,
        &vec![
            Run::plain("- Lưu: VT, KSTT"),
            Run { text: "2".into(), script: Script::Sub, ..Run::default() },
            Run::plain(".")
        ]
    );
    // The spot checks the issue names.
    let body: Vec<&Line> = doc
        .body
        .iter()
        .flat_map(|b| match b {
            Block::Paragraph { runs, .. } => vec![runs],
            Block::List { items } => items.iter().collect(),
            _ => vec![],
        })
        .collect();
    let find = |t: &str| body.iter().flat_map(|l| l.iter()).find(|r| r.text == t).cloned();
    assert_eq!(find("trước ngày 20 hàng tháng"), Some(Run::bold("trước ngày 20 hàng tháng")));
    assert_eq!(
        find("trước ngày 25 hàng tháng"),
        Some(Run { text: "trước ngày 25 hàng tháng".into(), bold: true, italic: true, script: Script::Normal })
    );
    let k = "Kế hoạch số 164/KH-UBND ngày 22/3/2023 của UBND tỉnh Lào Cai";
    assert_eq!(find(k), Some(Run::italic(k)));
    assert!(matches!(&doc.body[0], Block::Paragraph { align: Align::Justify, indent: true, .. }));
}

#[test]
fn date_override_fills_the_place_date() {
    let mut data = load_example("chi-dao-papi-2023.yaml");
    data["date"] = json!("2023-01-05");
    data["number"] = json!(5);
    let doc = render_named("cong-van", &root().join("templates"), None, &data).unwrap();
    assert_eq!(doc.header.place_date, "Lào Cai, ngày 05 tháng 01 năm 2023");
    assert_eq!(doc.header.number, "Số: 05/UBND-KSTT");
    assert_eq!(doc.meta.date, chrono::NaiveDate::from_ymd_opt(2023, 1, 5));
    data["date"] = json!("2023-03-15");
    let doc = render_named("cong-van", &root().join("templates"), None, &data).unwrap();
    assert_eq!(doc.header.place_date, "Lào Cai, ngày 15 tháng 3 năm 2023");
}

const HOSTILE: &str = "# $x *a* _b_ __c__ <b>&amp; &lt; {{ y }} {% if true %}X{% endif %} {# c #} [l](u) ![i](j) \\ `c` ``d`` | a | <sub>2</sub> <!-- pagebreak --> ~z~ -> <- > q = + 1) 2. !";

fn hostile_template() -> &'static str {
    r#"---
header:
  parent: "{{ v }}"
  authority: ["{{ v }}", "SỞ NỘI VỤ"]
  number: "{{ n }}"
  symbol: "BC-SNV"
  subject: "{{ v }}"
  place: "{{ v }}"
  date: "2023-05-05"
title:
  kind: "{{ v }}"
  subject: ["{{ v }}", "{{ lines }}"]
recipients: ["{{ v }}", "{{ v }} hai"]
signature:
  authority: "{{ v }}"
  position: "{{ v }}"
  name: "{{ v }}"
distribution:
  - "{{ v }}"
  - "{{ starts }}"
  - "Lưu: VT, {{ v }}<sub>2</sub>."
meta:
  title: "{{ v }}"
---
# {{ v }}

{{ v }}

Trước **{{ v }}** sau *{{ v }}*

{{ starts }}

{{ numbered }}

{{ quote }}

{{ indented }}

{{ fence }}

- {{ v }}
- {{ starts }}

| A | B |
|---|---|
| {{ v }} | {{ starts }} |

```table
{{ table | tojson }}
```

```chart
{{ chart | tojson }}
```
"#
}

#[test]
fn hostile_data_comes_out_literally() {
    let data = json!({
        "v": HOSTILE,
        "y": "ĐÃ THỰC THI",
        "n": 7,
        "lines": ["dòng *một*", "dòng <sub>hai</sub>"],
        "starts": "- gạch đầu dòng",
        "numbered": "1. đánh số",
        "quote": "> trích",
        "indented": "    thụt bốn",
        "fence": "```table",
        "table": {"widths": [1, 3], "header": [["TT", HOSTILE]], "rows": [[1, {"text": HOSTILE, "colspan": 1}]]},
        "chart": {"title": HOSTILE, "categories": [HOSTILE], "series": [{"name": HOSTILE, "values": [50]}], "max": 100},
    });
    let doc = render_template("thu.md.j2", hostile_template(), &data).unwrap();
    let h = &doc.header;
    assert_eq!(h.parent, vec![HOSTILE]);
    assert_eq!(h.authority, vec![HOSTILE, "SỞ NỘI VỤ"]);
    assert_eq!(h.number, "Số: 07/BC-SNV");
    assert_eq!(h.subject, vec![HOSTILE]);
    assert_eq!(h.place_date, format!("{HOSTILE}, ngày 05 tháng 5 năm 2023"));
    let title = doc.title.as_ref().unwrap();
    assert_eq!(title.kind, HOSTILE);
    assert_eq!(title.subject, vec![HOSTILE, "dòng *một*", "dòng <sub>hai</sub>"]);
    assert_eq!(doc.recipients.as_ref().unwrap().lines, vec![format!("- {HOSTILE};"), format!("- {HOSTILE} hai.")]);
    assert_eq!(doc.signature.authority, HOSTILE);
    assert_eq!(doc.signature.position, HOSTILE);
    assert_eq!(doc.signature.name, HOSTILE);
    assert_eq!(doc.meta.title, HOSTILE);
    let dist: Vec<String> = doc.distribution.lines.iter().map(|l| line_text(l)).collect();
    assert_eq!(dist, vec![format!("- {HOSTILE};"), "- gạch đầu dòng;".to_string(), format!("- Lưu: VT, {HOSTILE}2.")]);
    // Only the template's own <sub> makes a subscript.
    let subs: Vec<&Run> = doc.distribution.lines.iter().flatten().filter(|r| r.script != Script::Normal).collect();
    assert_eq!(subs, vec![&Run { text: "2".into(), script: Script::Sub, ..Run::default() }]);
    assert!(doc.distribution.lines.iter().flatten().all(|r| !r.bold && !r.italic));

    let plain = |t: &str| vec![Run::plain(t)];
    let para = |t: &str| Block::Paragraph { runs: plain(t), align: Align::Justify, indent: true };
    assert_eq!(doc.body[0], Block::Heading { level: 1, runs: plain(HOSTILE) });
    assert_eq!(doc.body[1], para(HOSTILE));
    assert_eq!(
        doc.body[2],
        Block::Paragraph {
            runs: vec![Run::plain("Trước "), Run::bold(HOSTILE), Run::plain(" sau "), Run::italic(HOSTILE)],
            align: Align::Justify,
            indent: true
        }
    );
    assert_eq!(doc.body[3], para("- gạch đầu dòng"));
    assert_eq!(doc.body[4], para("1. đánh số"));
    assert_eq!(doc.body[5], para("> trích"));
    assert_eq!(doc.body[6], para("thụt bốn"));
    assert_eq!(doc.body[7], para("```table"));
    assert_eq!(doc.body[8], Block::List { items: vec![plain(HOSTILE), plain("- gạch đầu dòng")] });
    let Block::Table(t) = &doc.body[9] else { panic!("{:?}", doc.body[9]) };
    assert_eq!(t.rows[0][0].lines, vec![plain(HOSTILE)]);
    assert_eq!(t.rows[0][1].lines, vec![plain("- gạch đầu dòng")]);
    let Block::Table(t) = &doc.body[10] else { panic!("{:?}", doc.body[10]) };
    assert_eq!(t.widths, vec![1.0, 3.0]);
    assert_eq!(t.header[0][1].lines, vec![vec![Run::bold(HOSTILE)]]);
    assert_eq!(t.rows[0][1].lines, vec![plain(HOSTILE)]);
    let Block::Chart(c) = &doc.body[11] else { panic!("{:?}", doc.body[11]) };
    assert_eq!(c.title, HOSTILE);
    assert_eq!(c.categories, vec![HOSTILE]);
    assert_eq!(c.series[0].name, HOSTILE);
    assert_eq!(doc.body.len(), 12);
    assert!(doc.annexes.is_empty());
    // The template syntax inside the data was not evaluated.
    assert!(doc.text_lines().iter().all(|l| !l.contains("ĐÃ THỰC THI")));
}

#[test]
fn front_matter_injection_has_no_effect() {
    let template = r#"---
header:
  authority: "{{ a }}"
  number: "{{ a }}/BC-SNV"
  place: "{{ a }}"
signature:
  position: "{{ a }}"
  name: "{{ a }}"
distribution: ["{{ a }}"]
---
{{ a }}
"#;
    for attack in [
        "\nheader: x",
        "x\nheader:\n  authority: HACK\nsignature: {position: HACK}",
        "\"\nnation: HACK\n\"",
        "---\nheader: x\n---",
        "x\n\n# TIÊU ĐỀ GIẢ\n\n<!-- annex -->\n# Phụ lục",
    ] {
        let data = json!({ "a": attack });
        let result = render_template("t.md.j2", template, &data);
        let one_line =
            attack.split(['\n', '\r']).map(str::trim).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ");
        match result {
            Ok(doc) => {
                assert_eq!(doc.header.authority, vec![one_line.clone()], "{attack:?}");
                assert_eq!(doc.header.nation, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
                assert_eq!(doc.signature.position, one_line);
                assert!(doc.annexes.is_empty());
                assert_eq!(doc.body.len(), 1, "{attack:?}: {:?}", doc.body);
                let Block::Paragraph { runs, .. } = &doc.body[0] else { panic!("{:?}", doc.body) };
                assert_eq!(line_text(runs), collapse(attack));
            }
            // The number line is built from the data: a number that is not a number is an
            // error about that field, never a changed structure.
            Err(e) => assert!(matches!(e, TemplateError::Field { ref key, .. } if key == "header.number"), "{e}"),
        }
    }
}

#[test]
fn tables_charts_annexes_from_data() {
    let template = r#"---
header:
  authority: SỞ NỘI VỤ
  number: "{{ so | so_hieu }}/BC-SNV"
  place: Lào Cai
  date: "{{ ngay }}"
title:
  kind: BÁO CÁO
  subject: "Kết quả {{ thang | thang_nam }}"
recipients: Ủy ban nhân dân tỉnh Lào Cai
signature: {authority: KT. GIÁM ĐỐC, position: PHÓ GIÁM ĐỐC, name: "{{ ky }}"}
distribution: [Như trên, "Lưu: VT, KSTT<sub>2</sub>."]
---
Tỷ lệ đúng hạn {{ tyle | phan_tram }}, tổng {{ tong | so }} nhiệm vụ; {{ ngay | ngay_thang }}.

->**DANH SÁCH**

<!-- pagebreak -->

<!-- annex landscape -->
# Phụ lục {{ 1 | la_ma }}
# KẾT QUẢ THEO CƠ QUAN
*(Kèm theo Báo cáo số {{ so | so_hieu }}/BC-SNV)*

```table
{{ bang | tojson }}
```

```chart
{{ bieu_do | tojson(indent=2) }}
```
"#;
    let data = json!({
        "so": 5, "ngay": "2023-06-05", "thang": "2023-05", "ky": "Nguyễn Văn A", "tyle": 85.5, "tong": 1234,
        "bang": {
            "widths": [1, 5, 2],
            "header": [[{"text": "TT", "rowspan": 2}, {"text": "Cơ quan", "rowspan": 2}, "Tỷ lệ"], ["%"]],
            "rows": [[1, "Sở Nội vụ", {"text": "85,5", "align": "right"}]],
            "font_size": 11
        },
        "bieu_do": {"title": "Tỷ lệ hoàn thành", "categories": ["Sở Nội vụ"], "series": [{"name": "Đúng hạn", "values": [85.5]}], "max": 100, "unit": "%"}
    });
    let doc = render_template("bc.md.j2", template, &data).unwrap();
    assert_eq!(doc.header.number, "Số: 05/BC-SNV");
    assert_eq!(doc.header.place_date, "Lào Cai, ngày 05 tháng 6 năm 2023");
    assert_eq!(doc.title.as_ref().unwrap().subject, vec!["Kết quả tháng 5 năm 2023"]);
    assert_eq!(doc.recipients.as_ref().unwrap().lines, vec!["Ủy ban nhân dân tỉnh Lào Cai."]);
    assert_eq!(doc.signature.authority, "KT. GIÁM ĐỐC");
    assert_eq!(doc.meta.title, "BÁO CÁO Kết quả tháng 5 năm 2023");
    assert_eq!(doc.meta.author, "SỞ NỘI VỤ");
    let Block::Paragraph { runs, .. } = &doc.body[0] else { panic!() };
    assert_eq!(line_text(runs), "Tỷ lệ đúng hạn 85,5%, tổng 1.234 nhiệm vụ; ngày 05 tháng 6 năm 2023.");
    assert_eq!(
        doc.body[1],
        Block::Paragraph { runs: vec![Run::bold("DANH SÁCH")], align: Align::Center, indent: false }
    );
    assert_eq!(doc.body[2], Block::PageBreak);
    assert_eq!(doc.body.len(), 3);
    let annex = &doc.annexes[0];
    assert!(annex.landscape);
    assert_eq!(annex.title, vec!["Phụ lục I", "KẾT QUẢ THEO CƠ QUAN"]);
    assert_eq!(annex.note.as_deref(), Some("(Kèm theo Báo cáo số 05/BC-SNV)"));
    let Block::Table(t) = &annex.body[0] else { panic!("{:?}", annex.body) };
    assert_eq!(t.widths, vec![1.0, 5.0, 2.0]);
    assert_eq!(t.header.len(), 2);
    assert_eq!(t.header[0][0].rowspan, 2);
    assert_eq!(t.font_size, Some(11.0));
    assert_eq!(t.rows[0][2].align, Align::Right);
    assert_eq!(t.rows[0][0].lines, vec![vec![Run::plain("1")]]);
    let Block::Chart(c) = &annex.body[1] else { panic!("{:?}", annex.body) };
    assert_eq!(c.series[0].values, vec![85.5]);
    assert_eq!(c.unit, "%");
}

#[test]
fn bao_cao_template_renders() {
    let data = json!({
        "parent": "UBND TỈNH LÀO CAI", "authority": "SỞ NỘI VỤ", "number": 5, "symbol": "BC-SNV",
        "place": "Lào Cai", "date": "2023-01-05",
        "title_subject": ["Kết quả thực hiện Kế hoạch cải thiện Chỉ số PAPI, SIPAS,", "PAR INDEX tháng 5 năm 2023"],
        "recipients": ["Ủy ban nhân dân tỉnh Lào Cai"],
        "signature": {"authority": "KT. GIÁM ĐỐC", "position": "PHÓ GIÁM ĐỐC"}, "signer": "Nguyễn Văn A",
        "distribution": ["UBND tỉnh (b/c)", "Lãnh đạo Sở"], "archive": {"unit": "KSTT", "copies": 2},
        "paragraphs": ["Đoạn *một* {{ x }}", "Đoạn hai"]
    });
    let doc = render_named("bao-cao", &root().join("templates"), None, &data).unwrap();
    assert_eq!(doc.header.parent, vec!["UBND TỈNH LÀO CAI"]);
    assert_eq!(doc.header.number, "Số: 05/BC-SNV");
    assert_eq!(doc.header.place_date, "Lào Cai, ngày 05 tháng 01 năm 2023");
    assert!(doc.header.subject.is_empty());
    let title = doc.title.as_ref().unwrap();
    assert_eq!(title.kind, "BÁO CÁO");
    assert_eq!(title.subject.len(), 2);
    assert_eq!(
        doc.text_lines().iter().skip_while(|l| *l != "Kính gửi:").take(3).cloned().collect::<Vec<_>>(),
        vec!["Kính gửi:", "Ủy ban nhân dân tỉnh Lào Cai.", "Đoạn *một* {{ x }}"]
    );
    let dist: Vec<String> = doc.distribution.lines.iter().map(|l| line_text(l)).collect();
    assert_eq!(dist, vec!["- UBND tỉnh (b/c);", "- Lãnh đạo Sở;", "- Lưu: VT, KSTT2."]);
    assert_eq!(doc.body.len(), 2);
}

fn err(template: &str, data: serde_json::Value) -> TemplateError {
    match render_template("mau/loi.md.j2", template, &data) {
        Ok(doc) => panic!("expected an error, got {doc:?}"),
        Err(e) => e,
    }
}

const GOOD_FRONT: &str = "---\nheader:\n  authority: SỞ NỘI VỤ\n  number: /BC-SNV\n  place: Lào Cai\nsignature:\n  position: GIÁM ĐỐC\n  name: \"{{ ky }}\"\ndistribution: [\"Lưu: VT.\"]\n---\n";

fn assert_located(e: &TemplateError, line: usize, needle: &str) {
    let text = e.to_string();
    assert_eq!(e.file(), "mau/loi.md.j2", "{text}");
    assert_eq!(e.line(), Some(line), "{text}");
    assert!(text.starts_with(&format!("mau/loi.md.j2, dòng {line}")), "{text}");
    assert!(text.contains(needle), "{text} should contain {needle}");
}

#[test]
fn errors_name_file_and_line() {
    // Front matter: bad YAML (line 4: a tab-less but broken mapping).
    let e = err("---\nheader:\n  authority: SỞ NỘI VỤ\n   place: [x\nsignature: {}\n---\n", json!({}));
    assert!(matches!(e, TemplateError::Yaml { .. }), "{e}");
    assert!(e.to_string().contains("phần đầu YAML không hợp lệ"), "{e}");
    assert!(matches!(e.line(), Some(2..=6)), "{e}");

    // A data field the template needs but the data lacks: the key and its line.
    let e = err(&format!("{GOOD_FRONT}Thân\n"), json!({}));
    assert!(matches!(e, TemplateError::Render { key: Some(ref k), .. } if k == "signature.name"), "{e}");
    assert_located(&e, 8, "dữ liệu thiếu giá trị cho `ky`");

    // Body errors are counted from the top of the file.
    let e = err(&format!("{GOOD_FRONT}Dòng một\n\nXin chào {{{{ ten }}}}\n"), json!({"ky": "A"}));
    assert_located(&e, 13, "`ten`");
    let e = err(&format!("{GOOD_FRONT}a\n{{% if %}}\nb\n"), json!({"ky": "A"}));
    assert_located(&e, 12, "lỗi cú pháp mẫu");
    let e = err(&format!("{GOOD_FRONT}a\n\n{{{{ x | khong_co }}}}\n"), json!({"ky": "A", "x": 1}));
    assert_located(&e, 13, "không có bộ lọc");
    let e = err(&format!("{GOOD_FRONT}Ngày {{{{ d | ngay_thang }}}}\n"), json!({"ky": "A", "d": "5/1/2023"}));
    assert_located(&e, 11, "YYYY-MM-DD");

    // A bad table block: the line of its fence in the template, even from a loop.
    let t =
        format!("{GOOD_FRONT}Mở đầu\n\n{{% for b in bang %}}\n```table\n{{{{ b | tojson }}}}\n```\n{{% endfor %}}\n");
    let e = err(&t, json!({"ky": "A", "bang": [{"rows": [[1]]}, {"widths": [1, 2], "rows": [[1]]}]}));
    assert!(matches!(e, TemplateError::Content { .. }), "{e}");
    assert_located(&e, 14, "`widths` có 2 cột");
    let e = err(&format!("{GOOD_FRONT}```chart\n{{\"title\": 1}}\n```\n"), json!({"ky": "A"}));
    assert_located(&e, 11, "khối `chart`");

    // Missing and mistyped fields name the key.
    let e = err(
        "---\nheader:\n  authority: SỞ NỘI VỤ\n  number: /BC-SNV\nsignature:\n  position: X\ndistribution: [a]\n---\n",
        json!({}),
    );
    assert!(matches!(e, TemplateError::Field { .. }), "{e}");
    assert_located(&e, 2, "thiếu trường `place`");
    let e = err("---\nheder:\n  authority: X\n---\n", json!({}));
    assert_located(&e, 2, "heder");
    let e = err("---\nheader:\n  authority: X\n  number: \"{{ n }}\"\n  place: Lào Cai\nsignature:\n  position: X\ndistribution: [a]\n---\n", json!({"n": "abc"}));
    assert_located(&e, 4, "header.number");
    let e = err("---\nheader:\n  authority: X\n  number: 1/BC\n  place: Lào Cai\n  date: 2023-02-30\nsignature:\n  position: X\ndistribution: [a]\n---\n", json!({}));
    assert_located(&e, 6, "YYYY-MM-DD");
    let e = err("---\nheader:\n  authority: \"\"\n  number: 1/BC\n  place: Lào Cai\nsignature:\n  position: X\ndistribution: [a]\n---\n", json!({}));
    assert_located(&e, 3, "thiếu tên cơ quan ban hành");
    let e = err("---\nheader:\n  authority: X\n  number: 1/BC\n  place: Lào Cai\nsignature:\n  position: X\ndistribution: []\n---\n", json!({}));
    assert_located(&e, 8, "thiếu Nơi nhận");

    // No front matter at all; an annex without a title.
    let e = err("Chỉ có thân\n", json!({}));
    assert!(matches!(e, TemplateError::NoFrontMatter { .. }), "{e}");
    assert_located(&e, 1, "phần đầu YAML");
    let e = err(&format!("{GOOD_FRONT}Thân\n\n<!-- annex -->\n\nKhông tiêu đề\n"), json!({"ky": "A"}));
    assert_located(&e, 13, "phụ lục thiếu tiêu đề");
}

#[test]
fn loader_prefers_user_templates_then_embedded() {
    let dir = tempfile::tempdir().unwrap();
    let embedded = load_template("cong-van", dir.path(), None).unwrap();
    assert_eq!(embedded.name, "templates/cong-van.md.j2 (mẫu có sẵn)");
    assert_eq!(embedded.source, std::fs::read_to_string(root().join("templates/cong-van.md.j2")).unwrap());

    let custom = format!("{GOOD_FRONT}Mẫu riêng của văn thư.\n");
    std::fs::write(dir.path().join("cong-van.md.j2"), &custom).unwrap();
    let user = load_template("cong-van", dir.path(), None).unwrap();
    assert_eq!(user.source, custom);
    assert_eq!(Path::new(&user.name), dir.path().join("cong-van.md.j2"));

    std::fs::create_dir(dir.path().join("rieng")).unwrap();
    std::fs::write(dir.path().join("rieng/thu.md.j2"), &custom).unwrap();
    let by_path = load_template("rieng/thu.md.j2", Path::new("/khong-co"), Some(dir.path())).unwrap();
    assert_eq!(by_path.source, custom);
    let doc = render_named("rieng/thu.md.j2", Path::new("/khong-co"), Some(dir.path()), json!({"ky": "A"})).unwrap();
    assert_eq!(doc.signature.name, "A");

    let e = load_template("khong-ton-tai", dir.path(), None).unwrap_err();
    assert!(matches!(e, TemplateError::NotFound { .. }));
    let text = e.to_string();
    assert!(
        text.contains("không tìm thấy mẫu văn bản \"khong-ton-tai\"") && text.contains("cong-van, bao-cao"),
        "{text}"
    );
}

#[test]
fn broken_templates_never_panic() {
    let cases = [
        "",
        "---",
        "---\n---\n",
        "---\n- a\n---\n",
        "---\nheader: 1\n---\n",
        "---\nheader: {authority: [1, {a: b}]}\n---\n",
        "---\n{{ a\n---\n",
        "---\nheader: \"{{ a\"\n---\n",
        "---\na: !tag x\n---\n{% for %}",
        "---\n: :\n---\n```table\n",
    ];
    for case in cases {
        let result = render_template("x.md.j2", case, json!({"a": [1, 2]}));
        let e = result.expect_err(case);
        assert!(e.to_string().starts_with("x.md.j2, dòng "), "{case:?}: {e}");
    }
}

/// `{{ x | table }}` / `{{ x | chart }}` hand the data's own typed values to the document:
/// exactly the `Table`/`Chart` the data serialized, text in cells never read as Markdown,
/// and a `block` fence is nothing a template or data can forge.
#[test]
fn typed_tables_and_charts_reach_the_document_unchanged() {
    use baocao::document::{Cell, Chart, Series, Table};
    let table = Table {
        widths: vec![1.0, 3.0],
        header: vec![vec![Cell::text("STT"), Cell::text("Nội dung")]],
        rows: vec![
            vec![Cell::text("1"), Cell::text(HOSTILE)],
            vec![Cell::text("2"), Cell::text("```block\n0 table\n```")],
        ],
        font_size: Some(11.0),
    };
    let chart = Chart {
        title: "Tỷ lệ *hoàn thành*".into(),
        categories: vec!["Sở <b>A</b>".into(), "B".into()],
        series: vec![Series { name: "Tháng 5".into(), values: vec![50.0, 100.0] }],
        max: 100.0,
        unit: "%".into(),
    };
    let template = "---\nheader:\n  authority: \"SỞ NỘI VỤ\"\n  number: \"\"\n  symbol: \"BC-SNV\"\n  place: \"Lào Cai\"\n  date: \"2023\"\nsignature:\n  position: \"GIÁM ĐỐC\"\ndistribution:\n  - \"Lưu: VT.\"\n---\nTrước.\n\n{{ t | table }}\n\n{{ c | chart }}\n\nSau.\n";
    let doc = render_template("t.md.j2", template, json!({ "t": table, "c": chart })).unwrap();
    let blocks: Vec<&Block> = doc.body.iter().filter(|b| matches!(b, Block::Table(_) | Block::Chart(_))).collect();
    assert_eq!(blocks.len(), 2, "{:#?}", doc.body);
    assert_eq!(blocks[0], &Block::Table(table));
    assert_eq!(blocks[1], &Block::Chart(chart));

    // A `block` fence written in a template is refused, naming the template line.
    let forged = template.replace("{{ t | table }}", "```block\n0 table\n```");
    let e = render_template(
        "t.md.j2",
        &forged,
        json!({ "t": 1, "c": { "title": "x", "categories": ["a"], "series": [], "max": 1.0, "unit": "" } }),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("block"), "{e}");
}
