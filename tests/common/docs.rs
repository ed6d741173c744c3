//! Hand-built `Document`s shared by the renderer tests and examples/bench_pdf.rs: the
//! seed directive's frame and texts, the monthly report's header parts, small builders.
//! Each test keeps its own body structure; only identical pieces live here.

use baocao::document::model::{
    Align, Block, Cell, Distribution, Document, Letterhead, Meta, Recipients, Run, Script, Signature, Title,
};

pub const NATION: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";

/// A justified, first-line-indented body paragraph.
pub fn para(runs: Vec<Run>) -> Block {
    Block::Paragraph { runs, align: Align::Justify, indent: true }
}

/// A body paragraph of one plain run.
pub fn p(text: &str) -> Block {
    para(vec![Run::plain(text)])
}

/// A dash list of plain one-run items.
pub fn dash_list(items: &[&str]) -> Block {
    Block::List { items: items.iter().map(|i| vec![Run::plain(*i)]).collect() }
}

pub fn bold_italic(text: &str) -> Run {
    Run { text: text.into(), bold: true, italic: true, script: Script::Normal }
}

pub fn sub(text: &str) -> Run {
    Run { text: text.into(), script: Script::Sub, ..Run::default() }
}

pub fn sup(text: &str) -> Run {
    Run { text: text.into(), script: Script::Super, ..Run::default() }
}

pub fn cell(text: &str) -> Cell {
    Cell::text(text)
}

/// A centred cell merged over `colspan` columns and `rowspan` rows.
pub fn span(text: &str, colspan: u16, rowspan: u16) -> Cell {
    Cell { colspan, rowspan, align: Align::Center, ..Cell::text(text) }
}

/// The italic citation of the province's plan number `n`.
pub fn plan_ref(n: &str) -> Run {
    Run::italic(format!("Kế hoạch số {n}/KH-UBND ngày 22/3/2023 của UBND tỉnh Lào Cai"))
}

/// `Nơi nhận:` with plain lines, then the filing line with its subscript copy count.
pub fn distribution(lines: &[&str], filed: &str, copies: &str) -> Distribution {
    let mut all: Vec<Vec<Run>> = lines.iter().map(|l| vec![Run::plain(*l)]).collect();
    all.push(vec![Run::plain(filed), sub(copies), Run::plain(".")]);
    Distribution { label: "Nơi nhận:".into(), lines: all }
}

// The seed directive's texts (`tests/fixtures/directive-2023.md`).
pub const SEED_HEADING_1: &str = "1. Thủ trưởng các sở, ban, ngành; Chủ tịch UBND các huyện, thị xã, thành phố:";
pub const SEED_HEADING_2: &str = "2. Giao Sở Nội vụ:";
pub const SEED_1A: &str = "Trực tiếp chỉ đạo; tổ chức quán triệt, triển khai các Kế hoạch cải thiện Chỉ số PAPI, SIPAS, PAR INDEX năm 2023 của UBND tỉnh đến tất cả các phòng, ban, đơn vị, cán bộ, công chức, viên chức tại cơ quan, đơn vị, địa phương.";
pub const SEED_1B: &str = "Căn cứ chức năng, nhiệm vụ được giao và trên cơ sở các nhiệm vụ, giải pháp tại Kế hoạch cải thiện Chỉ số PAPI, SIPAS, PAR INDEX năm 2023 của UBND tỉnh, triển khai xây dựng kế hoạch, đề ra nội dung cụ thể hóa các nhiệm vụ, giải pháp phù hợp, hiệu quả, thiết thực tại đơn vị, địa phương mình. Trong Kế hoạch xác định trọng tâm, trọng điểm; phân công, phân nhiệm rõ ràng; gắn trách nhiệm cụ thể của lãnh đạo, bộ phận chuyên môn; xác định rõ quy trình giải quyết, thời gian hoàn thành để kiểm soát công việc.";
pub const SEED_2A: &str = "Chủ trì theo dõi, hướng dẫn, đôn đốc, kiểm tra việc thực hiện Kế hoạch cải thiện Chỉ số PAPI, SIPAS, PAR INDEX năm 2023 của các cơ quan, đơn vị.";
pub const SEED_2C: &str = "Tham mưu UBND tỉnh gắn kết quả đánh giá việc thực hiện Kế hoạch cải thiện Chỉ số PAPI, SIPAS, PAR INDEX năm 2023 với công tác đánh giá, xếp loại cơ quan, đơn vị và người đứng đầu cơ quan, đơn vị hàng năm.";
pub const SEED_CLOSING: &str = "Căn cứ ý kiến chỉ đạo trên, các cơ quan, đơn vị triển khai thực hiện./.";

/// The opening paragraph's runs, citing plans 164, 165 and 166.
pub fn seed_opening() -> Vec<Run> {
    vec![
        Run::plain("Để triển khai có chất lượng, hiệu quả Kế hoạch duy trì, cải thiện và nâng cao Chỉ số cải cách hành chính (PAR INDEX) năm 2023 ("),
        plan_ref("164"),
        Run::plain("); Kế hoạch cải thiện và nâng cao Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của các cơ quan hành chính nhà nước (SIPAS) năm 2023 ("),
        plan_ref("165"),
        Run::plain("); Kế hoạch cải thiện, nâng cao Chỉ số Hiệu quả quản trị và Hành chính công (PAPI) năm 2023 ("),
        plan_ref("166"),
        Run::plain("), Chủ tịch UBND tỉnh có ý kiến chỉ đạo như sau:"),
    ]
}

/// Item 1c: the monthly report deadline in bold.
pub fn seed_1c() -> Vec<Run> {
    vec![
        Run::plain("Thường xuyên theo dõi, đôn đốc việc triển khai thực hiện. Định kỳ "),
        Run::bold("trước ngày 20 hàng tháng"),
        Run::plain(" có báo cáo, đánh giá kết quả thực hiện gửi Sở Nội vụ để tổng hợp, báo cáo UBND tỉnh."),
    ]
}

/// Item 2b: the consolidation deadline in bold italic.
pub fn seed_2b() -> Vec<Run> {
    vec![
        Run::plain("Định kỳ tổng hợp tình hình, kết quả thực hiện của các cơ quan, đơn vị, báo cáo UBND tỉnh "),
        bold_italic("trước ngày 25 hàng tháng"),
        Run::plain("."),
    ]
}

/// The seed directive (công văn of UBND tỉnh Lào Cai, 2023) around the given body.
pub fn seed_with_body(body: Vec<Block>) -> Document {
    Document {
        meta: Meta {
            title: "V/v triển khai thực hiện Kế hoạch cải thiện Chỉ số PAPI, SIPAS, PAR INDEX".into(),
            date: None,
            author: "ỦY BAN NHÂN DÂN TỈNH LÀO CAI".into(),
        },
        header: Letterhead {
            parent: vec![],
            authority: vec!["ỦY BAN NHÂN DÂN".into(), "TỈNH LÀO CAI".into()],
            number: "Số:      /UBND-KSTT".into(),
            subject: vec![
                "V/v triển khai thực hiện Kế".into(),
                "hoạch cải thiện Chỉ số PAPI,".into(),
                "SIPAS, PAR INDEX".into(),
            ],
            nation: NATION.into(),
            motto: MOTTO.into(),
            place_date: "Lào Cai, ngày      tháng      năm 2023".into(),
        },
        title: None,
        recipients: Some(Recipients {
            label: "Kính gửi:".into(),
            lines: vec!["- Các sở, ban, ngành tỉnh;".into(), "- UBND các huyện, thị xã, thành phố.".into()],
        }),
        body,
        signature: Signature {
            authority: String::new(),
            position: "CHỦ TỊCH".into(),
            name: "Trịnh Xuân Trường".into(),
        },
        distribution: distribution(
            &["- TT. UBND tỉnh;", "- Như trên;", "- Lãnh đạo Văn phòng;"],
            "- Lưu: VT, KSTT",
            "2",
        ),
        annexes: vec![],
        identity: None,
    }
}

// The Sở Nội vụ monthly report's parts (dated 05/6/2023).

pub fn report_meta(title: impl Into<String>) -> Meta {
    Meta { title: title.into(), date: chrono::NaiveDate::from_ymd_opt(2023, 6, 5), author: "SỞ NỘI VỤ".into() }
}

pub fn report_header(number: impl Into<String>) -> Letterhead {
    Letterhead {
        parent: vec!["UBND TỈNH LÀO CAI".into()],
        authority: vec!["SỞ NỘI VỤ".into()],
        number: number.into(),
        subject: vec![],
        nation: NATION.into(),
        motto: MOTTO.into(),
        place_date: "Lào Cai, ngày 05 tháng 6 năm 2023".into(),
    }
}

pub fn report_title(subject: impl Into<String>) -> Option<Title> {
    Some(Title { kind: "BÁO CÁO".into(), subject: vec![subject.into()] })
}

/// One recipient: the provincial People's Committee.
pub fn to_province() -> Option<Recipients> {
    Some(Recipients { label: "Kính gửi:".into(), lines: vec!["Ủy ban nhân dân tỉnh Lào Cai.".into()] })
}

/// Signed by a deputy director on the director's behalf.
pub fn deputy_director() -> Signature {
    Signature {
        authority: "KT. GIÁM ĐỐC".into(), position: "PHÓ GIÁM ĐỐC".into(), name: "Nguyễn Văn A".into()
    }
}
