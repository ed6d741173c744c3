//! Puts the WordprocessingML docx-rs writes into the shape the ECMA-376 (ISO/IEC 29500
//! Transitional) schema requires, which Word enforces ("Word found unreadable content")
//! where LibreOffice forgives: children of sequenced elements in schema order (docx-rs
//! writes e.g. `w:rPr` first in `w:pPr`, `w:sz` before `w:b`, `w:headerReference` last in
//! `w:sectPr`, `w:defaultTabStop` before `w:zoom`), no attributes the schema does not
//! define (`w:type` on `w:gridCol`), no `w:rPr` in the `w:pPr` of styles, defaults and
//! numbering levels (CT_PPrGeneral has none).
//!
//! The pass is a plain tree rewrite over the original bytes: every node keeps its exact
//! source text unless it is moved or edited, so the output stays byte-reproducible.
//! Names are matched with the prefixes docx-rs always writes (`w:`, `wp:`, `a:`, `pic:`).

use quick_xml::events::Event;
use quick_xml::Reader;

/// One node of the parsed part: an element, or any other markup kept verbatim.
enum Node<'a> {
    Elem(Elem<'a>),
    Raw(&'a str),
}

struct Elem<'a> {
    name: &'a str,
    /// The start tag as written (`<…>` or `<…/>` when empty).
    start: &'a str,
    attrs: Vec<(&'a str, String)>,
    /// Attributes were removed: the start tag is written anew.
    edited: bool,
    children: Vec<Node<'a>>,
    /// The end tag as written; empty for an empty element.
    end: &'a str,
}

/// Rewrites one XML part. Parts docx-rs never writes malformed; an error here means a bug
/// upstream, reported rather than papered over.
pub(crate) fn normalize(xml: &str) -> Result<String, String> {
    let nodes = parse(xml, &|name| allowed_attributes(name).is_some())?;
    let nodes = fix_children(nodes, None);
    let mut out = String::with_capacity(xml.len());
    write(&nodes, &mut out);
    Ok(out)
}

/// The tree of `xml`; the attributes of the elements `keep_attributes` names are kept
/// (all tags' attributes are checked).
fn parse<'a>(xml: &'a str, keep_attributes: &dyn Fn(&str) -> bool) -> Result<Vec<Node<'a>>, String> {
    let mut reader = Reader::from_str(xml);
    // (element, its children so far) for every open element.
    let mut stack: Vec<(Elem<'_>, Vec<Node<'_>>)> = Vec::new();
    let mut top: Vec<Node<'_>> = Vec::new();
    loop {
        let from = pos(&reader);
        let event = reader.read_event().map_err(|e| format!("XML lỗi ở byte {from}: {e}"))?;
        let raw = &xml[from..pos(&reader)];
        let node = match event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let name = tag_name(raw);
                // Copying every attribute was most of the schema pass's time.
                let keep = keep_attributes(name);
                let mut attrs = Vec::new();
                for a in e.attributes() {
                    let a = a.map_err(|e| format!("thuộc tính lỗi trong <{name}>: {e}"))?;
                    let key = attr_key(raw, a.key.as_ref()).ok_or_else(|| format!("thuộc tính lạ trong <{name}>"))?;
                    if keep {
                        attrs.push((key, a.value.into_owned()));
                    }
                }
                let elem = Elem { name, start: raw, attrs, edited: false, children: Vec::new(), end: "" };
                if raw.ends_with("/>") {
                    Node::Elem(elem)
                } else {
                    stack.push((elem, Vec::new()));
                    continue;
                }
            }
            Event::End(_) => {
                let (mut elem, children) = stack.pop().ok_or("thẻ đóng thừa")?;
                elem.children = children;
                elem.end = raw;
                Node::Elem(elem)
            }
            _ => Node::Raw(raw),
        };
        match stack.last_mut() {
            Some((_, children)) => children.push(node),
            None => top.push(node),
        }
    }
    if !stack.is_empty() {
        return Err("thiếu thẻ đóng".into());
    }
    Ok(top)
}

fn pos(reader: &Reader<&[u8]>) -> usize {
    usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX)
}

/// `w:p` from `<w:p …>` / `<w:p/>`.
fn tag_name(raw: &str) -> &str {
    let inner = raw.trim_start_matches('<');
    let end = inner.find(|c: char| c.is_whitespace() || c == '/' || c == '>').unwrap_or(inner.len());
    &inner[..end]
}

/// The attribute's key as a slice of `raw` (so it lives as long as the document).
fn attr_key<'a>(raw: &'a str, key: &str) -> Option<&'a str> {
    let at = raw.find(key)?;
    Some(&raw[at..at + key.len()])
}

/// Applies the schema rules to the children of an element named `parent` (None: the
/// document level), depth first.
fn fix_children<'a>(nodes: Vec<Node<'a>>, parent: Option<&str>) -> Vec<Node<'a>> {
    let mut kept: Vec<Node<'a>> = Vec::with_capacity(nodes.len());
    for node in nodes {
        match node {
            Node::Elem(mut e) => {
                if parent.is_some_and(|p| !allowed_child(p, e.name)) {
                    continue;
                }
                if let Some(allowed) = allowed_attributes(e.name) {
                    let before = e.attrs.len();
                    e.attrs.retain(|(k, _)| allowed.contains(k) || k.starts_with("xmlns"));
                    e.edited |= e.attrs.len() != before;
                }
                let own = context_name(e.name, parent);
                e.children = fix_children(std::mem::take(&mut e.children), Some(own));
                kept.push(Node::Elem(e));
            }
            raw => kept.push(raw),
        }
    }
    match parent.and_then(order) {
        Some(table) => sort(kept, table),
        None => kept,
    }
}

/// A `w:pPr` outside a paragraph is a CT_PPrGeneral (styles, defaults, numbering levels);
/// it gets its own name for the tables.
const PPR_GENERAL: &str = "w:pPr#general";

fn context_name<'a>(name: &'a str, parent: Option<&str>) -> &'a str {
    if name == "w:pPr" && parent.is_some_and(|p| p != "w:p") {
        PPR_GENERAL
    } else {
        name
    }
}

fn allowed_child(parent: &str, child: &str) -> bool {
    !(parent == PPR_GENERAL && matches!(child, "w:rPr" | "w:sectPr"))
}

/// Attribute allow-lists for elements docx-rs writes with attributes the schema lacks.
fn allowed_attributes(name: &str) -> Option<&'static [&'static str]> {
    match name {
        // CT_TblGridCol has only w:w.
        "w:gridCol" => Some(&["w:w"]),
        _ => None,
    }
}

/// Stable sort by position in `table`. A name not in the table takes the slot of `*` if
/// the table has one, else stays right after its preceding sibling; so does non-element
/// markup.
fn sort<'a>(nodes: Vec<Node<'a>>, table: &[&str]) -> Vec<Node<'a>> {
    let star = table.iter().position(|n| *n == "*");
    let mut last = 0;
    let mut keyed: Vec<(usize, Node<'a>)> = nodes
        .into_iter()
        .map(|n| {
            if let Node::Elem(e) = &n {
                if let Some(k) = table.iter().position(|t| *t == e.name).or(star) {
                    last = k;
                }
            }
            (last, n)
        })
        .collect();
    keyed.sort_by_key(|(k, _)| *k);
    keyed.into_iter().map(|(_, n)| n).collect()
}

fn write(nodes: &[Node<'_>], out: &mut String) {
    for n in nodes {
        match n {
            Node::Raw(s) => out.push_str(s),
            Node::Elem(e) => {
                if e.edited {
                    out.push('<');
                    out.push_str(e.name);
                    for (k, v) in &e.attrs {
                        out.push(' ');
                        out.push_str(k);
                        out.push_str("=\"");
                        out.push_str(&v.replace('"', "&quot;"));
                        out.push('"');
                    }
                    out.push_str(if e.end.is_empty() { " />" } else { ">" });
                } else {
                    out.push_str(e.start);
                }
                write(&e.children, out);
                out.push_str(e.end);
            }
        }
    }
}

/// The attributes of every element named `name`, in document order (values as written,
/// i.e. still escaped; relationship targets and part names never need unescaping here).
pub(crate) fn elements_attributes(xml: &str, name: &str) -> Result<Vec<Vec<(String, String)>>, String> {
    fn walk(nodes: &[Node<'_>], name: &str, out: &mut Vec<Vec<(String, String)>>) {
        for n in nodes {
            if let Node::Elem(e) = n {
                if e.name == name {
                    out.push(e.attrs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect());
                }
                walk(&e.children, name, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(&parse(xml, &|n| n == name)?, name, &mut out);
    Ok(out)
}

/// Decides from an element's attributes (name, value as written) whether it goes.
pub(crate) type DropIf<'f> = dyn Fn(&[(&str, String)]) -> bool + 'f;

/// `xml` without the elements named `name` for which `drop` says so (attributes given).
pub(crate) fn remove_elements(xml: &str, name: &str, drop: &DropIf<'_>) -> Result<String, String> {
    fn walk<'a>(nodes: Vec<Node<'a>>, name: &str, drop: &DropIf<'_>) -> Vec<Node<'a>> {
        nodes
            .into_iter()
            .filter_map(|n| match n {
                Node::Elem(e) if e.name == name && drop(&e.attrs) => None,
                Node::Elem(mut e) => {
                    e.children = walk(std::mem::take(&mut e.children), name, drop);
                    Some(Node::Elem(e))
                }
                raw => Some(raw),
            })
            .collect()
    }
    let nodes = walk(parse(xml, &|n| n == name)?, name, drop);
    let mut out = String::with_capacity(xml.len());
    write(&nodes, &mut out);
    Ok(out)
}

/// EG_RPrBase, in the order of the ECMA-376 1st edition sequence (later editions made it
/// a choice, so this order is valid for both).
const RPR_BASE: &[&str] = &[
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
];

/// CT_PPrBase.
const PPR_BASE: &[&str] = &[
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
];

/// CT_SectPr: header/footer references (any order among themselves), then
/// EG_SectPrContents, then sectPrChange.
const SECT_PR: &[&str] = &[
    "w:headerReference",
    "w:footerReference",
    "w:footnotePr",
    "w:endnotePr",
    "w:type",
    "w:pgSz",
    "w:pgMar",
    "w:paperSrc",
    "w:pgBorders",
    "w:lnNumType",
    "w:pgNumType",
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
];

/// CT_Settings, as far as the elements docx-rs can write and a little beyond.
const SETTINGS: &[&str] = &[
    "w:writeProtection",
    "w:view",
    "w:zoom",
    "w:removePersonalInformation",
    "w:removeDateAndTime",
    "w:doNotDisplayPageBoundaries",
    "w:displayBackgroundShape",
    "w:printPostScriptOverText",
    "w:printFractionalCharacterWidth",
    "w:printFormsData",
    "w:embedTrueTypeFonts",
    "w:embedSystemFonts",
    "w:saveSubsetFonts",
    "w:saveFormsData",
    "w:mirrorMargins",
    "w:alignBordersAndEdges",
    "w:bordersDoNotSurroundHeader",
    "w:bordersDoNotSurroundFooter",
    "w:gutterAtTop",
    "w:hideSpellingErrors",
    "w:hideGrammaticalErrors",
    "w:activeWritingStyle",
    "w:proofState",
    "w:formsDesign",
    "w:attachedTemplate",
    "w:linkStyles",
    "w:stylePaneFormatFilter",
    "w:stylePaneSortMethod",
    "w:documentType",
    "w:mailMerge",
    "w:revisionView",
    "w:trackRevisions",
    "w:doNotTrackMoves",
    "w:doNotTrackFormatting",
    "w:documentProtection",
    "w:autoFormatOverride",
    "w:styleLockTheme",
    "w:styleLockQFSet",
    "w:defaultTabStop",
    "w:autoHyphenation",
    "w:consecutiveHyphenLimit",
    "w:hyphenationZone",
    "w:doNotHyphenateCaps",
    "w:showEnvelope",
    "w:summaryLength",
    "w:clickAndTypeStyle",
    "w:defaultTableStyle",
    "w:evenAndOddHeaders",
    "w:bookFoldRevPrinting",
    "w:bookFoldPrinting",
    "w:bookFoldPrintingSheets",
    "w:drawingGridHorizontalSpacing",
    "w:drawingGridVerticalSpacing",
    "w:displayHorizontalDrawingGridEvery",
    "w:displayVerticalDrawingGridEvery",
    "w:doNotUseMarginsForDrawingGridOrigin",
    "w:drawingGridHorizontalOrigin",
    "w:drawingGridVerticalOrigin",
    "w:doNotShadeFormData",
    "w:noPunctuationKerning",
    "w:characterSpacingControl",
    "w:printTwoOnOne",
    "w:strictFirstAndLastChars",
    "w:noLineBreaksAfter",
    "w:noLineBreaksBefore",
    "w:savePreviewPicture",
    "w:doNotValidateAgainstSchema",
    "w:saveInvalidXml",
    "w:ignoreMixedContent",
    "w:alwaysShowPlaceholderText",
    "w:doNotDemarcateInvalidXml",
    "w:saveXmlDataOnly",
    "w:useXSLTWhenSaving",
    "w:saveThroughXslt",
    "w:showXMLTags",
    "w:alwaysMergeEmptyNamespace",
    "w:updateFields",
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
    // Word 2010+ extensions come after the ECMA elements.
    "*",
];

/// The child order of each sequenced element docx-rs writes (by its name in context).
fn order(parent: &str) -> Option<&'static [&'static str]> {
    static PPR: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    static PPR_GENERAL_ORDER: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    static RPR: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    Some(match parent {
        "w:document" => &["w:background", "w:body"],
        "w:body" => &["*", "w:sectPr"],
        "w:p" => &["w:pPr", "*"],
        "w:r" => &["w:rPr", "*"],
        "w:pPr" => PPR.get_or_init(|| [PPR_BASE, &["w:rPr", "w:sectPr", "w:pPrChange"]].concat()),
        PPR_GENERAL => PPR_GENERAL_ORDER.get_or_init(|| [PPR_BASE, &["w:pPrChange"]].concat()),
        "w:rPr" => {
            RPR.get_or_init(|| [&["w:ins", "w:del", "w:moveFrom", "w:moveTo"], RPR_BASE, &["w:rPrChange"]].concat())
        }
        "w:pBdr" => &["w:top", "w:left", "w:bottom", "w:right", "w:between", "w:bar"],
        "w:tbl" => &["w:tblPr", "w:tblGrid", "*"],
        "w:tblPr" => &[
            "w:tblStyle",
            "w:tblpPr",
            "w:tblOverlap",
            "w:bidiVisual",
            "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize",
            "w:tblW",
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
            "w:tblCaption",
            "w:tblDescription",
            "w:tblPrChange",
        ],
        "w:tblBorders" | "w:tcBorders" => &[
            "w:top",
            "w:start",
            "w:left",
            "w:bottom",
            "w:end",
            "w:right",
            "w:insideH",
            "w:insideV",
            "w:tl2br",
            "w:tr2bl",
        ],
        "w:tblCellMar" | "w:tcMar" => &["w:top", "w:start", "w:left", "w:bottom", "w:end", "w:right"],
        "w:tr" => &["w:tblPrEx", "w:trPr", "*"],
        // CT_TrPrBase is a choice; its own listing order is one valid order.
        "w:trPr" => &[
            "w:cnfStyle",
            "w:divId",
            "w:gridBefore",
            "w:gridAfter",
            "w:wBefore",
            "w:wAfter",
            "w:cantSplit",
            "w:trHeight",
            "w:tblHeader",
            "w:tblCellSpacing",
            "w:jc",
            "w:hidden",
            "w:ins",
            "w:del",
            "w:trPrChange",
        ],
        "w:tc" => &["w:tcPr", "*"],
        "w:tcPr" => &[
            "w:cnfStyle",
            "w:tcW",
            "w:gridSpan",
            "w:hMerge",
            "w:vMerge",
            "w:tcBorders",
            "w:shd",
            "w:noWrap",
            "w:tcMar",
            "w:textDirection",
            "w:tcFitText",
            "w:vAlign",
            "w:hideMark",
            "w:headers",
            "w:cellIns",
            "w:cellDel",
            "w:cellMerge",
            "w:tcPrChange",
        ],
        "w:sectPr" => SECT_PR,
        "w:styles" => &["w:docDefaults", "w:latentStyles", "w:style"],
        "w:docDefaults" => &["w:rPrDefault", "w:pPrDefault"],
        "w:style" => &[
            "w:name",
            "w:aliases",
            "w:basedOn",
            "w:next",
            "w:link",
            "w:autoRedefine",
            "w:hidden",
            "w:uiPriority",
            "w:semiHidden",
            "w:unhideWhenUsed",
            "w:qFormat",
            "w:locked",
            "w:personal",
            "w:personalCompose",
            "w:personalReply",
            "w:rsid",
            "w:pPr",
            "w:rPr",
            "w:tblPr",
            "w:trPr",
            "w:tcPr",
            "w:tblStylePr",
        ],
        "w:numbering" => &["w:numPicBullet", "w:abstractNum", "w:num", "w:numIdMacAtCleanup"],
        "w:abstractNum" => {
            &["w:nsid", "w:multiLevelType", "w:tmpl", "w:name", "w:styleLink", "w:numStyleLink", "w:lvl"]
        }
        "w:lvl" => &[
            "w:start",
            "w:numFmt",
            "w:lvlRestart",
            "w:pStyle",
            "w:isLgl",
            "w:suff",
            "w:lvlText",
            "w:lvlPicBulletId",
            "w:legacy",
            "w:lvlJc",
            "w:pPr",
            "w:rPr",
        ],
        "w:num" => &["w:abstractNumId", "w:lvlOverride"],
        "w:settings" => SETTINGS,
        "w:font" => &[
            "w:altName",
            "w:panose1",
            "w:charset",
            "w:family",
            "w:notTrueType",
            "w:pitch",
            "w:sig",
            "w:embedRegular",
            "w:embedBold",
            "w:embedItalic",
            "w:embedBoldItalic",
        ],
        "wp:inline" => &["wp:extent", "wp:effectExtent", "wp:docPr", "wp:cNvGraphicFramePr", "a:graphic"],
        "pic:pic" => &["pic:nvPicPr", "pic:blipFill", "pic:spPr", "pic:style", "pic:extLst"],
        "pic:nvPicPr" => &["pic:cNvPr", "pic:cNvPicPr"],
        "pic:blipFill" => &["a:blip", "a:srcRect", "a:tile", "a:stretch"],
        "a:xfrm" => &["a:off", "a:ext"],
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_paragraph_and_run_properties() {
        let xml = concat!(
            r#"<w:p w14:paraId="00000001"><w:pPr><w:rPr><w:sz w:val="26" /><w:b /></w:rPr>"#,
            r#"<w:jc w:val="center" /><w:ind w:left="1" /><w:spacing w:before="0" /><w:keepNext /></w:pPr>"#,
            r#"<w:r><w:rPr><w:sz w:val="26" /><w:szCs w:val="26" /><w:i /><w:b /></w:rPr><w:t>a &amp; b</w:t></w:r></w:p>"#
        );
        assert_eq!(
            normalize(xml).unwrap(),
            concat!(
                r#"<w:p w14:paraId="00000001"><w:pPr><w:keepNext /><w:spacing w:before="0" /><w:ind w:left="1" />"#,
                r#"<w:jc w:val="center" /><w:rPr><w:b /><w:sz w:val="26" /></w:rPr></w:pPr>"#,
                r#"<w:r><w:rPr><w:b /><w:i /><w:sz w:val="26" /><w:szCs w:val="26" /></w:rPr><w:t>a &amp; b</w:t></w:r></w:p>"#
            )
        );
    }

    #[test]
    fn drops_what_the_schema_lacks() {
        let xml = r#"<w:tblGrid><w:gridCol w:w="3742" w:type="dxa" /></w:tblGrid>"#;
        assert_eq!(normalize(xml).unwrap(), r#"<w:tblGrid><w:gridCol w:w="3742" /></w:tblGrid>"#);
        let xml =
            r#"<w:style><w:name w:val="Normal" /><w:rPr /><w:pPr><w:rPr /><w:jc w:val="left" /></w:pPr></w:style>"#;
        assert_eq!(
            normalize(xml).unwrap(),
            r#"<w:style><w:name w:val="Normal" /><w:pPr><w:jc w:val="left" /></w:pPr><w:rPr /></w:style>"#
        );
    }

    #[test]
    fn section_references_come_first_and_body_section_last() {
        let xml = concat!(
            r#"<?xml version="1.0"?><w:body><w:sectPr><w:pgSz w:w="1" /><w:cols /><w:headerReference r:id="a" />"#,
            r#"<w:titlePg /><w:headerReference r:id="b" /></w:sectPr></w:body>"#
        );
        assert_eq!(
            normalize(xml).unwrap(),
            concat!(
                r#"<?xml version="1.0"?><w:body><w:sectPr><w:headerReference r:id="a" /><w:headerReference r:id="b" />"#,
                r#"<w:pgSz w:w="1" /><w:cols /><w:titlePg /></w:sectPr></w:body>"#
            )
        );
    }

    #[test]
    fn malformed_is_an_error() {
        assert!(normalize("<w:p><w:r></w:p>").is_err());
        assert!(normalize("<w:p>").is_err());
    }
}
