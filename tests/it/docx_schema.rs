//! The DOCX against the ECMA-376 (ISO/IEC 29500 Transitional) schema, as Word enforces it
//! ("Word found unreadable content"): child order of every sequenced element, an
//! allow-list of attributes per element, enumerations and integer values, required
//! elements (a cell's paragraph, a table's grid), unique drawing ids, and the package
//! (every relationship target exists, every part has a content type).
//!
//! The schema tables below are written from wml.xsd / dml-wordprocessingDrawing.xsd /
//! dml-picture.xsd, independently of the renderer's own normalization tables.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::PathBuf;

use crate::common::docx::{docx_part_bytes, docx_part_names, docx_xml};
use baocao::cli::render_cmd::{render_file, RenderArgs};
use baocao::document::model::{
    Align, Annex, Block, Cell, Chart, Distribution, Document, Header, Meta, Recipients, Run, Script, Series, Signature,
    Table, Title,
};
use baocao::render::docx::DocxRenderer;
use baocao::render::Layout;
use roxmltree::Node;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const WP: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
const A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const PIC: &str = "http://schemas.openxmlformats.org/drawingml/2006/picture";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const W14: &str = "http://schemas.microsoft.com/office/word/2010/wordml";
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const XML: &str = "http://www.w3.org/XML/1998/namespace";

/// A valid 2×1 RGB PNG.
const PNG_2X1: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x02, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x7B, 0x40, 0xE8, 0xDD, 0x00, 0x00, 0x00, 0x0D, 0x49,
    0x44, 0x41, 0x54, 0x78, 0xDA, 0x63, 0xF8, 0xCF, 0x00, 0x04, 0xFF, 0x01, 0x07, 0x00, 0x01, 0xFF, 0x3D, 0x7D, 0x8C,
    0x49, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

// ---------------------------------------------------------------------------------------
// Schema tables (prefixes stand for the namespaces above, whatever the file uses).

/// EG_RPrBase (1st edition sequence order; later editions allow any order).
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

/// The expected child sequence of `name` (seen inside `parent`); `*` stands for any
/// content (block-level, run-level) not otherwise listed. Sets of equals (a choice inside
/// the sequence) share a slot: `a|b`.
fn sequence(parent: &str, name: &str) -> Option<Vec<&'static str>> {
    let v: Vec<&'static str> = match name {
        "w:document" => vec!["w:background", "w:body"],
        "w:body" => vec!["*", "w:sectPr"],
        "w:hdr" | "w:ftr" => vec!["*"],
        "w:p" => vec!["w:pPr", "*"],
        "w:r" => vec!["w:rPr", "*"],
        // CT_PPr in a paragraph; CT_PPrGeneral (no rPr, no sectPr) in styles and numbering.
        "w:pPr" if parent == "w:p" => [PPR_BASE, &["w:rPr", "w:sectPr", "w:pPrChange"]].concat(),
        "w:pPr" => [PPR_BASE, &["w:pPrChange"]].concat(),
        "w:rPr" => [&["w:ins", "w:del", "w:moveFrom", "w:moveTo"], RPR_BASE, &["w:rPrChange"]].concat(),
        "w:pBdr" => vec!["w:top", "w:left", "w:bottom", "w:right", "w:between", "w:bar"],
        "w:tbl" => vec!["w:tblPr", "w:tblGrid", "w:tr"],
        "w:tblPr" => vec![
            "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
            "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange",
        ],
        "w:tblGrid" => vec!["w:gridCol", "w:tblGridChange"],
        "w:tblBorders" => vec![
            "w:top", "w:start", "w:left", "w:bottom", "w:end", "w:right", "w:insideH", "w:insideV",
        ],
        "w:tblCellMar" | "w:tcMar" => vec!["w:top", "w:start", "w:left", "w:bottom", "w:end", "w:right"],
        "w:tr" => vec!["w:tblPrEx", "w:trPr", "w:tc"],
        // CT_TrPrBase is a choice: any order of these, then the change tracking.
        "w:trPr" => vec![
            "w:cnfStyle|w:divId|w:gridBefore|w:gridAfter|w:wBefore|w:wAfter|w:cantSplit|w:trHeight|w:tblHeader|w:tblCellSpacing|w:jc|w:hidden",
            "w:ins", "w:del", "w:trPrChange",
        ],
        "w:tc" => vec!["w:tcPr", "w:p|w:tbl"],
        "w:tcPr" => vec![
            "w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd", "w:noWrap",
            "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark", "w:headers", "w:cellIns",
            "w:cellDel", "w:cellMerge", "w:tcPrChange",
        ],
        "w:sectPr" => vec![
            "w:headerReference|w:footerReference", "w:footnotePr", "w:endnotePr", "w:type", "w:pgSz", "w:pgMar",
            "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt", "w:vAlign",
            "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid",
            "w:printerSettings", "w:sectPrChange",
        ],
        "w:styles" => vec!["w:docDefaults", "w:latentStyles", "w:style"],
        "w:docDefaults" => vec!["w:rPrDefault", "w:pPrDefault"],
        "w:rPrDefault" => vec!["w:rPr"],
        "w:pPrDefault" => vec!["w:pPr"],
        "w:style" => vec![
            "w:name", "w:aliases", "w:basedOn", "w:next", "w:link", "w:autoRedefine", "w:hidden", "w:uiPriority",
            "w:semiHidden", "w:unhideWhenUsed", "w:qFormat", "w:locked", "w:personal", "w:personalCompose",
            "w:personalReply", "w:rsid", "w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr",
        ],
        // CT_Settings, up to what a generated document may hold.
        "w:settings" => vec![
            "w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation", "w:removeDateAndTime",
            "w:doNotDisplayPageBoundaries", "w:displayBackgroundShape", "w:printPostScriptOverText",
            "w:printFractionalCharacterWidth", "w:printFormsData", "w:embedTrueTypeFonts", "w:embedSystemFonts",
            "w:saveSubsetFonts", "w:saveFormsData", "w:mirrorMargins", "w:alignBordersAndEdges",
            "w:bordersDoNotSurroundHeader", "w:bordersDoNotSurroundFooter", "w:gutterAtTop",
            "w:hideSpellingErrors", "w:hideGrammaticalErrors", "w:activeWritingStyle", "w:proofState",
            "w:formsDesign", "w:attachedTemplate", "w:linkStyles", "w:stylePaneFormatFilter",
            "w:stylePaneSortMethod", "w:documentType", "w:mailMerge", "w:revisionView", "w:trackRevisions",
            "w:doNotTrackMoves", "w:doNotTrackFormatting", "w:documentProtection", "w:autoFormatOverride",
            "w:styleLockTheme", "w:styleLockQFSet", "w:defaultTabStop", "w:autoHyphenation",
            "w:consecutiveHyphenLimit", "w:hyphenationZone", "w:doNotHyphenateCaps", "w:showEnvelope",
            "w:summaryLength", "w:clickAndTypeStyle", "w:defaultTableStyle", "w:evenAndOddHeaders",
            "w:bookFoldRevPrinting", "w:bookFoldPrinting", "w:bookFoldPrintingSheets",
            "w:drawingGridHorizontalSpacing", "w:drawingGridVerticalSpacing", "w:displayHorizontalDrawingGridEvery",
            "w:displayVerticalDrawingGridEvery", "w:doNotUseMarginsForDrawingGridOrigin",
            "w:drawingGridHorizontalOrigin", "w:drawingGridVerticalOrigin", "w:doNotShadeFormData",
            "w:noPunctuationKerning", "w:characterSpacingControl", "w:printTwoOnOne", "w:strictFirstAndLastChars",
            "w:noLineBreaksAfter", "w:noLineBreaksBefore", "w:savePreviewPicture", "w:doNotValidateAgainstSchema",
            "w:saveInvalidXml", "w:ignoreMixedContent", "w:alwaysShowPlaceholderText", "w:doNotDemarcateInvalidXml",
            "w:saveXmlDataOnly", "w:useXSLTWhenSaving", "w:saveThroughXslt", "w:showXMLTags",
            "w:alwaysMergeEmptyNamespace", "w:updateFields", "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr",
            "w:compat", "w:docVars", "w:rsids",
        ],
        "w:compat" => vec![
            "w:useSingleBorderforContiguousCells", "w:wpJustification", "w:noTabHangInd", "w:noLeading",
            "w:spaceForUL", "w:noColumnBalance", "w:balanceSingleByteDoubleByteWidth", "w:noExtraLineSpacing",
            "w:doNotLeaveBackslashAlone", "w:ulTrailSpace", "w:doNotExpandShiftReturn", "w:spacingInWholePoints",
            "w:lineWrapLikeWord6", "w:printBodyTextBeforeHeader", "w:printColBlack", "w:wpSpaceWidth",
            "w:showBreaksInFrames", "w:subFontBySize", "w:suppressBottomSpacing", "w:suppressTopSpacing",
            "w:suppressSpacingAtTopOfPage", "w:suppressTopSpacingWP", "w:suppressSpBfAfterPgBrk",
            "w:swapBordersFacingPages", "w:convMailMergeEsc", "w:truncateFontHeightsLikeWP6", "w:mwSmallCaps",
            "w:usePrinterMetrics", "w:doNotSuppressParagraphBorders", "w:wrapTrailSpaces", "w:footnoteLayoutLikeWW8",
            "w:shapeLayoutLikeWW8", "w:alignTablesRowByRow", "w:forgetLastTabAlignment", "w:adjustLineHeightInTable",
            "w:autoSpaceLikeWord95", "w:noSpaceRaiseLower", "w:doNotUseHTMLParagraphAutoSpacing",
            "w:layoutRawTableWidth", "w:layoutTableRowsApart", "w:useWord97LineBreakRules",
            "w:doNotBreakWrappedTables", "w:doNotSnapToGridInCell", "w:selectFldWithFirstOrLastChar",
            "w:applyBreakingRules", "w:doNotWrapTextWithPunct", "w:doNotUseEastAsianBreakRules",
            "w:useWord2002TableStyleRules", "w:growAutofit", "w:useFELayout", "w:useNormalStyleForList",
            "w:doNotUseIndentAsNumberingTabStop", "w:useAltKinsokuLineBreakRules", "w:allowSpaceOfSameStyleInTable",
            "w:doNotSuppressIndentation", "w:doNotAutofitConstrainedTables", "w:autofitToFirstFixedWidthCell",
            "w:underlineTabInNumList", "w:displayHangulFixedWidth", "w:splitPgBreakAndParaMark",
            "w:doNotVertAlignCellWithSp", "w:doNotBreakConstrainedForcedTable", "w:doNotVertAlignInTxbx",
            "w:useAnsiKerningPairs", "w:cachedColBalance", "w:compatSetting",
        ],
        "w:fonts" => vec!["w:font"],
        "w:font" => vec![
            "w:altName", "w:panose1", "w:charset", "w:family", "w:notTrueType", "w:pitch", "w:sig", "w:embedRegular",
            "w:embedBold", "w:embedItalic", "w:embedBoldItalic",
        ],
        "w:drawing" => vec!["wp:inline|wp:anchor"],
        "wp:inline" => vec!["wp:extent", "wp:effectExtent", "wp:docPr", "wp:cNvGraphicFramePr", "a:graphic"],
        "wp:cNvGraphicFramePr" => vec!["a:graphicFrameLocks"],
        "a:graphic" => vec!["a:graphicData"],
        "a:graphicData" => vec!["pic:pic"],
        "pic:pic" => vec!["pic:nvPicPr", "pic:blipFill", "pic:spPr"],
        "pic:nvPicPr" => vec!["pic:cNvPr", "pic:cNvPicPr"],
        "pic:cNvPicPr" => vec!["a:picLocks"],
        "pic:blipFill" => vec!["a:blip", "a:srcRect", "a:tile|a:stretch"],
        "a:stretch" => vec!["a:fillRect"],
        "pic:spPr" => vec!["a:xfrm", "a:custGeom|a:prstGeom", "a:noFill|a:solidFill", "a:ln"],
        "a:xfrm" => vec!["a:off", "a:ext"],
        "a:prstGeom" => vec!["a:avLst"],
        _ => return None,
    };
    Some(v)
}

/// Attributes each element may carry (all optional unless `required` says so). An element
/// missing here is not expected in a generated document at all.
fn attributes(parent: &str, name: &str) -> Option<&'static [&'static str]> {
    const BORDER: &[&str] =
        &["w:val", "w:color", "w:themeColor", "w:themeTint", "w:themeShade", "w:sz", "w:space", "w:shadow", "w:frame"];
    const WIDTH: &[&str] = &["w:w", "w:type"];
    const VAL: &[&str] = &["w:val"];
    const NONE: &[&str] = &[];
    const SIDES: &[&str] = &["w:top", "w:start", "w:left", "w:bottom", "w:end", "w:right", "w:insideH", "w:insideV"];
    Some(match name {
        n if SIDES.contains(&n) && matches!(parent, "w:tblCellMar" | "w:tcMar") => WIDTH,
        n if (SIDES.contains(&n) || n == "w:between" || n == "w:bar") && is_border_set(parent) => BORDER,
        "w:document" => &["mc:Ignorable", "w:conformance"],
        "w:hdr" | "w:ftr" | "w:styles" | "w:settings" | "w:fonts" => &["mc:Ignorable"],
        "w:body" | "w:pPr" | "w:rPr" | "w:tbl" | "w:tblPr" | "w:tblGrid" | "w:trPr" | "w:tc" | "w:tcPr"
        | "w:tblBorders" | "w:tblCellMar" | "w:pBdr" | "w:drawing" | "w:docDefaults" | "w:rPrDefault"
        | "w:pPrDefault" | "w:compat" => NONE,
        "w:p" => &["w14:paraId", "w14:textId", "w:rsidR", "w:rsidRPr", "w:rsidRDefault", "w:rsidP", "w:rsidDel"],
        "w:r" => &["w:rsidR", "w:rsidRPr", "w:rsidDel"],
        "w:tr" => &["w14:paraId", "w14:textId", "w:rsidR", "w:rsidRPr", "w:rsidDel", "w:rsidTr"],
        "w:t" | "w:instrText" => &["xml:space"],
        "w:sz" | "w:szCs" | "w:jc" | "w:vertAlign" | "w:vAlign" | "w:vMerge" | "w:gridSpan" | "w:name"
        | "w:defaultTabStop" | "w:charset" | "w:family" | "w:pitch" => {
            if name == "w:charset" {
                &["w:val", "w:characterSet"]
            } else {
                VAL
            }
        }
        // CT_OnOff.
        "w:b"
        | "w:bCs"
        | "w:i"
        | "w:iCs"
        | "w:keepNext"
        | "w:keepLines"
        | "w:cantSplit"
        | "w:tblHeader"
        | "w:titlePg"
        | "w:qFormat"
        | "w:spaceForUL"
        | "w:balanceSingleByteDoubleByteWidth"
        | "w:doNotLeaveBackslashAlone"
        | "w:ulTrailSpace"
        | "w:doNotExpandShiftReturn"
        | "w:useFELayout" => VAL,
        "w:rFonts" => &[
            "w:hint",
            "w:ascii",
            "w:hAnsi",
            "w:eastAsia",
            "w:cs",
            "w:asciiTheme",
            "w:hAnsiTheme",
            "w:eastAsiaTheme",
            "w:cstheme",
        ],
        "w:spacing" => &[
            "w:before",
            "w:beforeLines",
            "w:beforeAutospacing",
            "w:after",
            "w:afterLines",
            "w:afterAutospacing",
            "w:line",
            "w:lineRule",
        ],
        "w:ind" => &[
            "w:start",
            "w:startChars",
            "w:end",
            "w:endChars",
            "w:left",
            "w:leftChars",
            "w:right",
            "w:rightChars",
            "w:hanging",
            "w:hangingChars",
            "w:firstLine",
            "w:firstLineChars",
        ],
        "w:tblW" | "w:tcW" => WIDTH,
        // CT_TblGridCol: only w:w (docx-rs adds a w:type that the schema lacks).
        "w:gridCol" => &["w:w"],
        "w:tblLayout" => &["w:type"],
        "w:sectPr" => &["w:rsidR", "w:rsidRPr", "w:rsidDel", "w:rsidSect"],
        "w:pgSz" => &["w:w", "w:h", "w:orient", "w:code"],
        "w:pgMar" => &["w:top", "w:right", "w:bottom", "w:left", "w:header", "w:footer", "w:gutter"],
        "w:cols" => &["w:equalWidth", "w:space", "w:num", "w:sep"],
        "w:headerReference" | "w:footerReference" => &["w:type", "r:id"],
        "w:pgNumType" => &["w:fmt", "w:start", "w:chapStyle", "w:chapSep"],
        "w:fldChar" => &["w:fldCharType", "w:fldLock", "w:dirty"],
        "w:fldSimple" => &["w:instr", "w:fldLock", "w:dirty"],
        "w:br" => &["w:type", "w:clear"],
        "w:style" => &["w:type", "w:styleId", "w:default", "w:customStyle"],
        "w:zoom" => &["w:val", "w:percent"],
        "w:compatSetting" => &["w:name", "w:uri", "w:val"],
        "w:font" => &["w:name"],
        "wp:inline" => &["distT", "distB", "distL", "distR", "wp14:anchorId", "wp14:editId"],
        "wp:extent" | "a:ext" => &["cx", "cy"],
        "wp:effectExtent" | "a:srcRect" | "a:fillRect" => &["l", "t", "r", "b"],
        "wp:docPr" | "pic:cNvPr" => &["id", "name", "descr", "hidden", "title"],
        "wp:cNvGraphicFramePr" | "a:graphic" | "pic:pic" | "pic:nvPicPr" | "a:stretch" | "a:avLst" => NONE,
        "a:graphicFrameLocks" => &["noGrp", "noDrilldown", "noSelect", "noChangeAspect", "noMove", "noResize"],
        "a:graphicData" => &["uri"],
        "pic:cNvPicPr" => &["preferRelativeResize"],
        "a:picLocks" => &[
            "noGrp",
            "noSelect",
            "noRot",
            "noChangeAspect",
            "noMove",
            "noResize",
            "noEditPoints",
            "noAdjustHandles",
            "noChangeArrowheads",
            "noChangeShapeType",
            "noCrop",
        ],
        "pic:blipFill" => &["dpi", "rotWithShape"],
        "a:blip" => &["r:embed", "r:link", "cstate"],
        "pic:spPr" => &["bwMode"],
        "a:xfrm" => &["rot", "flipH", "flipV"],
        "a:off" => &["x", "y"],
        "a:prstGeom" => &["prst"],
        _ => return None,
    })
}

/// Elements whose children are CT_Border sides.
fn is_border_set(name: &str) -> bool {
    matches!(name, "w:pBdr" | "w:tblBorders" | "w:tcBorders")
}

/// Required attributes.
fn required(name: &str) -> &'static [&'static str] {
    match name {
        "w:sz" | "w:szCs" | "w:jc" | "w:vertAlign" | "w:vAlign" | "w:gridSpan" | "w:name" | "w:defaultTabStop"
        | "w:family" | "w:pitch" => &["w:val"],
        "w:pgMar" => &["w:top", "w:right", "w:bottom", "w:left", "w:header", "w:footer", "w:gutter"],
        "w:headerReference" | "w:footerReference" => &["w:type", "r:id"],
        "w:fldChar" => &["w:fldCharType"],
        "w:zoom" => &["w:percent"],
        "w:font" => &["w:name"],
        "wp:extent" | "a:ext" => &["cx", "cy"],
        "wp:docPr" | "pic:cNvPr" => &["id", "name"],
        "a:off" => &["x", "y"],
        "a:prstGeom" => &["prst"],
        _ => &[],
    }
}

/// Enumerations (Transitional) of the attribute values a generated document uses.
fn enumeration(parent: &str, name: &str, attr: &str) -> Option<&'static [&'static str]> {
    const SIDES: &[&str] = &["w:top", "w:start", "w:left", "w:bottom", "w:end", "w:right", "w:insideH", "w:insideV"];
    Some(match (name, attr) {
        // ST_JcTable (tables, rows): no `both`.
        ("w:jc", "w:val") if matches!(parent, "w:tblPr" | "w:trPr" | "w:tblPrEx") => {
            &["center", "end", "left", "right", "start"]
        }
        // ST_Border, the plain styles (a generated document uses no art borders).
        (n, "w:val") if (SIDES.contains(&n) || n == "w:between" || n == "w:bar") && is_border_set(parent) => {
            &["nil", "none", "single", "thick", "double", "dotted", "dashed", "dotDash", "dotDotDash", "triple"]
        }
        // ST_Jc (paragraphs).
        ("w:jc", "w:val") => &[
            "start",
            "center",
            "end",
            "both",
            "distribute",
            "left",
            "right",
            "mediumKashida",
            "numTab",
            "highKashida",
            "lowKashida",
            "thaiDistribute",
        ],
        ("w:vertAlign", "w:val") => &["baseline", "superscript", "subscript"],
        ("w:vAlign", "w:val") => &["top", "center", "both", "bottom"],
        ("w:vMerge", "w:val") => &["continue", "restart"],
        ("w:spacing", "w:lineRule") => &["auto", "exact", "atLeast"],
        ("w:tblLayout", "w:type") => &["fixed", "autofit"],
        ("w:tblW" | "w:tcW" | "w:top" | "w:left" | "w:bottom" | "w:right" | "w:start" | "w:end", "w:type") => {
            &["nil", "pct", "dxa", "auto"]
        }
        ("w:fldChar", "w:fldCharType") => &["begin", "separate", "end"],
        ("w:headerReference" | "w:footerReference", "w:type") => &["even", "default", "first"],
        ("w:pgSz", "w:orient") => &["portrait", "landscape"],
        ("w:br", "w:type") => &["page", "column", "textWrapping"],
        ("w:style", "w:type") => &["paragraph", "character", "table", "numbering"],
        ("w:family", "w:val") => &["decorative", "modern", "roman", "script", "swiss", "auto"],
        ("w:pitch", "w:val") => &["fixed", "variable", "default"],
        (_, "w:dirty" | "w:fldLock" | "w:equalWidth" | "w:sep") => &["true", "false", "on", "off", "0", "1"],
        (
            "w:b" | "w:bCs" | "w:i" | "w:iCs" | "w:keepNext" | "w:keepLines" | "w:cantSplit" | "w:tblHeader"
            | "w:titlePg" | "w:qFormat",
            "w:val",
        ) => &["true", "false", "on", "off", "0", "1"],
        (_, "xml:space") => &["preserve", "default"],
        _ => return None,
    })
}

/// Attributes whose values must be integers (twips, half-points, eighths, EMU, ids).
fn integer(name: &str, attr: &str) -> bool {
    matches!(
        (name, attr),
        ("w:sz" | "w:szCs" | "w:gridSpan" | "w:defaultTabStop", "w:val")
            | ("w:gridCol" | "w:tblW" | "w:tcW", "w:w")
            | ("w:spacing", "w:before" | "w:after" | "w:line")
            | ("w:ind", "w:left" | "w:right" | "w:start" | "w:end" | "w:firstLine" | "w:hanging")
            | ("w:pgSz", "w:w" | "w:h")
            | ("w:pgMar", _)
            | ("w:cols", "w:space" | "w:num")
            | ("wp:extent" | "a:ext", "cx" | "cy")
            | ("wp:effectExtent", _)
            | ("wp:docPr" | "pic:cNvPr", "id")
            | ("a:off", "x" | "y")
            | ("wp:inline", _)
    ) || (matches!(attr, "w:sz" | "w:space")
        && matches!(name, "w:top" | "w:left" | "w:bottom" | "w:right" | "w:insideH" | "w:insideV" | "w:between"))
}

// ---------------------------------------------------------------------------------------

fn prefix(ns: Option<&str>) -> &'static str {
    match ns {
        Some(W) => "w",
        Some(WP) => "wp",
        Some(A) => "a",
        Some(PIC) => "pic",
        Some(R) => "r",
        Some(W14) => "w14",
        Some(MC) => "mc",
        Some(XML) => "xml",
        Some("http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing") => "wp14",
        None => "",
        Some(_) => "?",
    }
}

fn qname(n: Node) -> String {
    let p = prefix(n.tag_name().namespace());
    format!("{p}:{}", n.tag_name().name())
}

fn attr_qname(a: &roxmltree::Attribute) -> String {
    match prefix(a.namespace()) {
        "" => a.name().to_string(),
        p => format!("{p}:{}", a.name()),
    }
}

fn slot(seq: &[&str], child: &str) -> Option<usize> {
    seq.iter().position(|s| s.split('|').any(|n| n == child)).or_else(|| seq.iter().position(|s| *s == "*"))
}

/// Every schema violation found in one XML part, as readable lines.
fn violations(part: &str, xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{part} does not parse: {e}"));
    let mut out = Vec::new();
    for n in doc.descendants().filter(|n| n.is_element()) {
        let name = qname(n);
        let parent = n.parent_element().map(qname).unwrap_or_default();
        let at = format!("{part}: <{name}> in <{parent}>");
        let Some(allowed) = attributes(&parent, &name) else {
            out.push(format!("{at}: element not expected"));
            continue;
        };
        for a in n.attributes() {
            let q = attr_qname(&a);
            if !allowed.contains(&q.as_str()) {
                out.push(format!("{at}: attribute {q} not in the schema"));
            }
            if let Some(values) = enumeration(&parent, &name, &q) {
                if !values.contains(&a.value()) {
                    out.push(format!("{at}: {q}=\"{}\" not in the enumeration", a.value()));
                }
            }
            if integer(&name, &q) && a.value().parse::<i64>().is_err() {
                out.push(format!("{at}: {q}=\"{}\" is not an integer", a.value()));
            }
        }
        for r in required(&name) {
            if !n.attributes().any(|a| attr_qname(&a) == *r) {
                out.push(format!("{at}: required attribute {r} missing"));
            }
        }
        if name == "w:ind" && n.attribute((W, "firstLine")).is_some() && n.attribute((W, "hanging")).is_some() {
            out.push(format!("{at}: firstLine and hanging together"));
        }
        if let Some(seq) = sequence(&parent, &name) {
            let mut last = 0;
            let mut seen = BTreeMap::new();
            for c in n.children().filter(|c| c.is_element()) {
                let cq = qname(c);
                match slot(&seq, &cq) {
                    None => out.push(format!("{at}: child <{cq}> not allowed")),
                    Some(k) if k < last => out.push(format!("{at}: child <{cq}> out of order (after <{}>)", seq[last])),
                    Some(k) => {
                        last = k;
                        // Only the `*`, `|` and repeatable slots may repeat.
                        let repeatable = seq[k] == "*"
                            || seq[k].contains('|')
                            || matches!(
                                cq.as_str(),
                                "w:tr" | "w:gridCol" | "w:style" | "w:font" | "w:compatSetting" | "w:tc"
                            );
                        if *seen.entry(k).and_modify(|c| *c += 1).or_insert(1) > 1 && !repeatable {
                            out.push(format!("{at}: child <{cq}> repeated"));
                        }
                    }
                }
            }
        }
    }
    out
}

/// Structure Word requires beyond element order.
fn structure_violations(part: &str, xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let mut out = Vec::new();
    let is =
        |n: &Node, name: &str| n.is_element() && n.tag_name().namespace() == Some(W) && n.tag_name().name() == name;
    for tc in doc.descendants().filter(|n| is(n, "tc")) {
        // CT_Tc needs block content, and Word requires it to end with a paragraph.
        let last = tc.children().rfind(|c| c.is_element());
        if !last.is_some_and(|l| is(&l, "p")) {
            out.push(format!("{part}: a w:tc does not end with a w:p"));
        }
    }
    for tbl in doc.descendants().filter(|n| is(n, "tbl")) {
        let Some(grid) = tbl.children().find(|c| is(c, "tblGrid")) else {
            out.push(format!("{part}: w:tbl without w:tblGrid"));
            continue;
        };
        if !tbl.children().any(|c| is(&c, "tblPr")) {
            out.push(format!("{part}: w:tbl without w:tblPr"));
        }
        let cols = grid.children().filter(|c| is(c, "gridCol")).count();
        let rows: Vec<usize> = tbl
            .children()
            .filter(|c| is(c, "tr"))
            .map(|tr| {
                tr.children()
                    .filter(|c| is(c, "tc"))
                    .map(|tc| {
                        tc.children()
                            .find(|c| is(c, "tcPr"))
                            .and_then(|p| p.children().find(|c| is(c, "gridSpan")))
                            .and_then(|g| g.attribute((W, "val")))
                            .map(|v| v.parse::<usize>().unwrap())
                            .unwrap_or(1)
                    })
                    .sum()
            })
            .collect();
        if rows.is_empty() {
            out.push(format!("{part}: w:tbl without w:tr"));
        }
        let widest = rows.iter().copied().max().unwrap_or(0);
        if cols != widest {
            out.push(format!("{part}: w:tblGrid has {cols} w:gridCol, the widest row spans {widest}"));
        }
    }
    for root in doc.root().children().filter(|n| is(n, "hdr") || is(n, "ftr")) {
        if !root.children().any(|c| is(&c, "p") || is(&c, "tbl")) {
            out.push(format!("{part}: header/footer without a block"));
        }
    }
    out
}

/// The package: relationships, content types, unique drawing ids, core properties.
fn package_violations(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let names: BTreeSet<String> = docx_part_names(bytes).into_iter().collect();
    // Content types: every part has one; every override names a part.
    let ct_xml = docx_xml(bytes, "[Content_Types].xml");
    let ct = roxmltree::Document::parse(&ct_xml).unwrap();
    let defaults: HashSet<String> = ct
        .descendants()
        .filter(|n| n.tag_name().name() == "Default")
        .map(|n| n.attribute("Extension").unwrap().to_ascii_lowercase())
        .collect();
    let overrides: HashSet<String> = ct
        .descendants()
        .filter(|n| n.tag_name().name() == "Override")
        .map(|n| n.attribute("PartName").unwrap().trim_start_matches('/').to_string())
        .collect();
    for n in names.iter().filter(|n| *n != "[Content_Types].xml") {
        let ext = n.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        if !overrides.contains(n) && !defaults.contains(&ext) {
            out.push(format!("part {n} has no content type"));
        }
    }
    for o in &overrides {
        if !names.contains(o) {
            out.push(format!("content type override for missing part {o}"));
        }
    }
    for (part, ct) in [
        ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
        ("word/styles.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"),
        ("word/settings.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"),
    ] {
        let found = ct_xml.contains(&format!("PartName=\"/{part}\" ContentType=\"{ct}\""))
            || ct_xml.contains(&format!("ContentType=\"{ct}\" PartName=\"/{part}\""));
        if !found {
            out.push(format!("{part} lacks its content type {ct}"));
        }
    }
    // Relationships: every target exists; every part but the package's own is reached.
    let mut reached: BTreeSet<String> = BTreeSet::new();
    for rels in names.iter().filter(|n| n.ends_with(".rels")) {
        let (dir, source) = match rels.rsplit_once("_rels/") {
            Some((dir, file)) => (dir.to_string(), format!("{dir}{}", file.trim_end_matches(".rels"))),
            None => continue,
        };
        if !source.is_empty() && !names.contains(&source) {
            out.push(format!("{rels} belongs to missing part {source}"));
        }
        let xml = docx_xml(bytes, rels);
        let d = roxmltree::Document::parse(&xml).unwrap();
        let mut ids = HashSet::new();
        for r in d.descendants().filter(|n| n.tag_name().name() == "Relationship") {
            if !ids.insert(r.attribute("Id").unwrap().to_string()) {
                out.push(format!("{rels}: duplicate Id"));
            }
            if r.attribute("TargetMode") == Some("External") {
                continue;
            }
            let target = r.attribute("Target").unwrap();
            let path = match target.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("{dir}{target}"),
            };
            if !names.contains(&path) {
                out.push(format!("{rels}: target {path} missing"));
            }
            reached.insert(path);
        }
        // Every r:id / r:embed the source part uses is declared here.
        if source.ends_with(".xml") && names.contains(&source) {
            let src = docx_xml(bytes, &source);
            let sd = roxmltree::Document::parse(&src).unwrap();
            for n in sd.descendants() {
                for a in ["id", "embed", "link"] {
                    if let Some(v) = n.attribute((R, a)) {
                        if !ids.contains(v) {
                            out.push(format!("{source}: r:{a}=\"{v}\" not declared in {rels}"));
                        }
                    }
                }
            }
        }
    }
    for n in &names {
        if n != "[Content_Types].xml" && !n.ends_with(".rels") && !reached.contains(n) {
            out.push(format!("part {n} is reached by no relationship"));
        }
    }
    // Drawing ids are unique across the main part and its headers and footers.
    let mut doc_pr = HashSet::new();
    for n in names.iter().filter(|n| n.starts_with("word/") && n.ends_with(".xml")) {
        let xml = docx_xml(bytes, n);
        let d = roxmltree::Document::parse(&xml).unwrap();
        for p in d.descendants().filter(|p| p.tag_name().namespace() == Some(WP) && p.tag_name().name() == "docPr") {
            let id = p.attribute("id").unwrap_or("");
            if !doc_pr.insert(id.to_string()) {
                out.push(format!("{n}: duplicate wp:docPr id {id}"));
            }
        }
    }
    // Core properties: W3CDTF dates.
    let core = docx_xml(bytes, "docProps/core.xml");
    let cd = roxmltree::Document::parse(&core).unwrap();
    for el in ["created", "modified"] {
        let Some(n) = cd.descendants().find(|n| n.tag_name().name() == el) else {
            out.push(format!("core.xml has no dcterms:{el}"));
            continue;
        };
        let xsi = n.attribute(("http://www.w3.org/2001/XMLSchema-instance", "type"));
        let text = n.text().unwrap_or("");
        let w3cdtf = text.len() == 20 && chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%SZ").is_ok();
        if xsi != Some("dcterms:W3CDTF") || !w3cdtf {
            out.push(format!("core.xml dcterms:{el} is not W3CDTF: {text:?} {xsi:?}"));
        }
    }
    out
}

/// All violations of one DOCX.
fn audit(bytes: &[u8]) -> Vec<String> {
    let mut out = package_violations(bytes);
    for n in docx_part_names(bytes) {
        let wml = n.starts_with("word/") && n.ends_with(".xml") && !n.contains("/_rels/");
        if wml {
            let xml = docx_xml(bytes, &n);
            out.extend(violations(&n, &xml));
            out.extend(structure_violations(&n, &xml));
        }
    }
    out
}

fn assert_valid(what: &str, bytes: &[u8]) {
    let v = audit(bytes);
    assert!(v.is_empty(), "{what}: {} schema violations:\n{}", v.len(), v.join("\n"));
}

// ---------------------------------------------------------------------------------------
// Documents.

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The seed example through the real `render` path.
fn seed_docx() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let args = RenderArgs {
        file: root().join("examples/chi-dao-papi-2023.yaml"),
        output: dir.path().to_path_buf(),
        date: chrono::NaiveDate::from_ymd_opt(2023, 4, 3),
        font_dir: None,
        templates: root().join("templates"),
    };
    let written = render_file(&args).unwrap_or_else(|e| panic!("render: {e:#}"));
    std::fs::read(written.docx).unwrap()
}

fn cell(text: &str) -> Cell {
    Cell::text(text)
}

fn span(text: &str, colspan: u16, rowspan: u16) -> Cell {
    Cell { colspan, rowspan, align: Align::Center, ..Cell::text(text) }
}

fn para(text: &str) -> Block {
    Block::Paragraph { runs: vec![Run::plain(text)], align: Align::Justify, indent: true }
}

/// A report with every block type: headings, scripts, a list, tables with two merged
/// header rows (colspan and rowspan) repeated across pages, adjacent tables, a chart, a
/// page break, several recipients, a landscape and a portrait annex.
fn report() -> Document {
    let rows: Vec<Vec<Cell>> = (1..=45)
        .map(|i| {
            vec![
                cell(&i.to_string()),
                cell(&format!("Cơ quan số {i}")),
                cell(&format!("{i}")),
                cell(&format!("{},5%", i % 90)),
            ]
        })
        .collect();
    let header = vec![
        vec![span("TT", 1, 2), span("Cơ quan", 1, 2), span("Kết quả", 2, 1)],
        vec![span("Số nhiệm vụ", 1, 1), span("Tỷ lệ", 1, 1)],
    ];
    Document {
        meta: Meta {
            title: "Báo cáo tháng 5 năm 2023".into(),
            date: chrono::NaiveDate::from_ymd_opt(2023, 5, 24),
            author: "SỞ NỘI VỤ".into(),
        },
        header: Header {
            parent: vec!["UBND TỈNH LÀO CAI".into()],
            authority: vec!["SỞ NỘI VỤ".into()],
            number: "Số: 05/BC-SNV".into(),
            subject: vec!["V/v báo cáo kết quả".into()],
            nation: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into(),
            motto: "Độc lập - Tự do - Hạnh phúc".into(),
            place_date: "Lào Cai, ngày 24 tháng 5 năm 2023".into(),
        },
        title: Some(Title { kind: "BÁO CÁO".into(), subject: vec!["Kết quả tháng 5 năm 2023".into()] }),
        recipients: Some(Recipients {
            label: "Kính gửi:".into(),
            lines: vec!["- Ủy ban nhân dân tỉnh;".into(), "- Các sở, ban, ngành.".into()],
        }),
        body: vec![
            Block::Heading { level: 1, runs: vec![Run::bold("I. TÌNH HÌNH")] },
            Block::Paragraph {
                runs: vec![
                    Run::plain("CO"),
                    Run { text: "2".into(), script: Script::Sub, ..Run::default() },
                    Run::plain(" và 10"),
                    Run { text: "3".into(), script: Script::Super, ..Run::default() },
                    Run { text: " đậm nghiêng".into(), bold: true, italic: true, script: Script::Normal },
                ],
                align: Align::Left,
                indent: false,
            },
            Block::List { items: vec![vec![Run::plain("mục một;")], vec![Run::italic("mục hai.")]] },
            Block::Table(Table { widths: vec![1.0, 5.0, 2.0, 2.0], header: header.clone(), rows, font_size: None }),
            Block::Table(Table {
                widths: vec![1.0, 1.0],
                header: vec![],
                rows: vec![vec![cell("a"), cell("b")], vec![cell("c")]],
                font_size: Some(11.0),
            }),
            Block::Chart(Chart {
                title: "Biểu đồ 1. Tỷ lệ hoàn thành".into(),
                categories: vec!["A".into(), "B".into()],
                series: vec![Series { name: "Tháng 5".into(), values: vec![80.0, 90.0] }],
                max: 100.0,
                unit: "%".into(),
            }),
            Block::PageBreak,
            Block::Heading { level: 2, runs: vec![Run::plain("1. Kết luận")] },
            para("Trên đây là báo cáo của Sở Nội vụ./."),
        ],
        signature: Signature {
            authority: "KT. GIÁM ĐỐC".into(),
            position: "PHÓ GIÁM ĐỐC".into(),
            name: "Nguyễn Văn A".into(),
        },
        distribution: Distribution {
            label: "Nơi nhận:".into(),
            lines: vec![vec![Run::plain("- Như trên;")], vec![Run::plain("- Lưu: VT.")]],
        },
        annexes: vec![
            Annex {
                title: vec!["Phụ lục I".into(), "KẾT QUẢ THEO CƠ QUAN".into()],
                note: Some("(Kèm theo Báo cáo số 05/BC-SNV)".into()),
                landscape: true,
                body: vec![
                    Block::Table(Table {
                        widths: vec![1.0, 4.0, 2.0, 2.0],
                        header,
                        rows: vec![vec![cell("1"), cell("Sở Tư pháp"), cell("3"), cell("90%")]],
                        font_size: Some(11.0),
                    }),
                    Block::Chart(Chart {
                        title: "Biểu đồ 2".into(),
                        categories: vec!["X".into()],
                        series: vec![Series { name: "S".into(), values: vec![1.0] }],
                        max: 1.0,
                        unit: "".into(),
                    }),
                ],
            },
            Annex {
                title: vec!["Phụ lục II".into()], note: None, landscape: false, body: vec![para("Danh sách.")]
            },
        ],
    }
}

fn report_docx() -> Vec<u8> {
    DocxRenderer::new(Layout::decree30()).render(&report(), &|_| Ok(PNG_2X1.to_vec())).expect("render DOCX")
}

// ---------------------------------------------------------------------------------------
// Tests.

#[test]
fn seed_example_follows_the_schema() {
    assert_valid("seed", &seed_docx());
}

#[test]
fn report_with_every_block_follows_the_schema() {
    let bytes = report_docx();
    assert_valid("report", &bytes);
    // The report really exercises what is checked.
    let xml = docx_xml(&bytes, "word/document.xml");
    for needle in [
        "<w:gridSpan w:val=\"2\"",
        "<w:vMerge w:val=\"restart\"",
        "<w:vMerge w:val=\"continue\"",
        "<w:tblHeader",
        "<w:vertAlign w:val=\"subscript\"",
        "<w:vertAlign w:val=\"superscript\"",
        "w:orient=\"landscape\"",
        "<w:titlePg",
        "<wp:docPr id=\"2\"",
        "<w:br w:type=\"page\"",
    ] {
        assert!(xml.contains(needle), "report lacks {needle}");
    }
    // Two charts of the same picture: two drawings, one media part (docx-rs shares it).
    assert_eq!(xml.matches("<w:drawing>").count(), 2);
    assert_eq!(docx_part_bytes(&bytes, "word/media/rIdImage1.png"), PNG_2X1);
}

/// The checks above do find what Word rejects.
#[test]
fn the_audit_catches_known_violations() {
    let v = violations(
        "t",
        concat!(
            r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
            r#"<w:tbl><w:tblPr><w:tblLayout w:type="fixed"/><w:tblW w:w="10" w:type="dxa"/></w:tblPr>"#,
            r#"<w:tblGrid><w:gridCol w:w="10" w:type="dxa"/></w:tblGrid><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>"#,
            r#"<w:p><w:pPr><w:rPr/><w:jc w:val="justify"/></w:pPr><w:r><w:rPr><w:sz w:val="1.5"/><w:b/></w:rPr></w:r></w:p>"#,
            r#"<w:sectPr><w:pgSz w:w="1" w:h="1"/><w:headerReference w:type="default"/></w:sectPr></w:body></w:document>"#
        ),
    );
    let has = |s: &str| v.iter().any(|l| l.contains(s));
    assert!(has("<w:tblPr> in <w:tbl>: child <w:tblW> out of order"), "{v:#?}");
    assert!(has("<w:gridCol> in <w:tblGrid>: attribute w:type not in the schema"), "{v:#?}");
    assert!(has("<w:pPr> in <w:p>: child <w:jc> out of order"), "{v:#?}");
    assert!(has("w:val=\"justify\" not in the enumeration"), "{v:#?}");
    assert!(has("w:val=\"1.5\" is not an integer"), "{v:#?}");
    assert!(has("<w:rPr> in <w:r>: child <w:b> out of order"), "{v:#?}");
    assert!(has("<w:sectPr> in <w:body>: child <w:headerReference> out of order"), "{v:#?}");
    assert!(has("required attribute r:id missing"), "{v:#?}");

    let s = structure_violations(
        "t",
        concat!(
            r#"<w:body xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:tbl><w:tblPr/>"#,
            r#"<w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr></w:tc></w:tr></w:tbl></w:body>"#
        ),
    );
    assert!(s.iter().any(|l| l.contains("does not end with a w:p")), "{s:#?}");
    assert!(s.iter().any(|l| l.contains("1 w:gridCol, the widest row spans 2")), "{s:#?}");
    let g = violations(
        "t",
        r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style><w:pPr><w:rPr/></w:pPr></w:style></w:styles>"#,
    );
    assert!(g.iter().any(|l| l.contains("<w:pPr> in <w:style>: child <w:rPr> not allowed")), "{g:#?}");
}

#[test]
fn rendering_stays_byte_identical() {
    assert!(report_docx() == report_docx());
}
