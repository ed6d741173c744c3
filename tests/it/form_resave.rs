//! Returned forms re-saved by LibreOffice as `.ods` and `.xls` (fixtures made by
//! `tests/fixtures/forms/make_forms.py` from the June forms of the sample May): read
//! exactly, by their hidden identity sheet or, where the agency deleted it, by the title
//! block the form writes in the configured wording.

use baocao::config::Config;
use baocao::consolidate::consolidate;
use baocao::ingest::read_month;
use baocao::model::{Period, Submission};
use chrono::NaiveDate;
use std::io::Read;
use std::path::Path;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn ods_content(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name("content.xml").unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn libreoffice_resaved_forms_are_read_exactly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/forms");
    // The fixtures' premise: one .ods keeps the hidden identity sheet, the other lost it.
    assert!(ods_content(&dir.join("bao cao.ods")).contains(r#"table:name="baocao""#));
    assert!(!ods_content(&dir.join("tai-lieu.ods")).contains(r#"table:name="baocao""#));

    let config = Config::default_config();
    let ingested = read_month(&dir, &config, &|_, _, _| {}).unwrap();
    let model = consolidate(ingested, &config, Period::new(2023, 6).unwrap());
    let submitted: Vec<(&str, Submission, Option<NaiveDate>, Option<&str>)> = model
        .agencies
        .iter()
        .filter(|a| a.submission != Submission::Missing)
        .map(|a| (a.name.as_str(), a.submission, a.report_date, a.file.as_deref()))
        .collect();
    assert_eq!(
        submitted,
        [
            ("Sở Tư pháp", Submission::OnTime, Some(date(2023, 6, 18)), Some("bao cao.ods")),
            ("Sở Tài nguyên và Môi trường", Submission::OnTime, Some(date(2023, 6, 19)), Some("scan_0001.xls")),
            ("Sở Lao động - Thương binh và Xã hội", Submission::OnTime, Some(date(2023, 6, 17)), Some("tai-lieu.ods")),
            ("Sở Y tế", Submission::OnTime, Some(date(2023, 6, 16)), Some("Book1.xls")),
        ]
    );
    let tasks: Vec<(&str, &str, &str, Option<NaiveDate>, u32)> = model
        .tasks
        .iter()
        .map(|t| (t.agency.as_str(), t.task.as_str(), t.status.code(), t.completed_on, t.source.row))
        .collect();
    let expected = [
        (
            "Sở Tư pháp",
            "Tổ chức kiểm tra công tác CCHC tại các phòng, đơn vị thuộc Sở",
            "done",
            Some(date(2023, 6, 10)),
            9,
        ),
        ("Sở Tư pháp", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật của tỉnh kỳ 2019 - 2023", "overdue", None, 10),
        ("Sở Tư pháp", "Thẩm định dự thảo văn bản quy phạm pháp luật đúng thời hạn quy định", "recurring", None, 11),
        ("Sở Tư pháp", "Số hóa kết quả giải quyết thủ tục hành chính lĩnh vực hộ tịch", "in_progress", None, 12),
        ("Sở Tư pháp", "Niêm yết số điện thoại đường dây nóng tại Bộ phận Một cửa của Sở", "overdue", None, 13),
        (
            "Sở Tư pháp",
            "Khảo sát ý kiến người dân, tổ chức về chất lượng dịch vụ công lĩnh vực tư pháp",
            "in_progress",
            None,
            14,
        ),
        ("Sở Tư pháp", "Tuyên truyền, phổ biến pháp luật về thực hiện dân chủ ở cơ sở", "recurring", None, 15),
        ("Sở Tư pháp", "Hướng dẫn công khai thông tin theo Luật Tiếp cận thông tin", "in_progress", None, 16),
        ("Sở Tư pháp", "Cập nhật quy trình nội bộ giải quyết thủ tục hành chính", "not_started", None, 19),
        (
            "Sở Tài nguyên và Môi trường",
            "Rút ngắn thời gian giải quyết thủ tục đăng ký đất đai xuống còn 07 ngày",
            "done",
            Some(date(2023, 6, 10)),
            9,
        ),
        (
            "Sở Tài nguyên và Môi trường",
            "Giải quyết hồ sơ cấp giấy chứng nhận quyền sử dụng đất đúng hạn",
            "recurring",
            None,
            10,
        ),
        (
            "Sở Tài nguyên và Môi trường",
            "Gửi thư xin lỗi tổ chức, công dân khi giải quyết hồ sơ quá hạn",
            "recurring",
            None,
            11,
        ),
        (
            "Sở Tài nguyên và Môi trường",
            "Niêm yết công khai bảng giá đất, quy hoạch sử dụng đất cấp huyện",
            "overdue",
            None,
            12,
        ),
        (
            "Sở Tài nguyên và Môi trường",
            "Kiểm tra, xử lý các cơ sở sản xuất gây ô nhiễm môi trường",
            "in_progress",
            None,
            13,
        ),
        (
            "Sở Tài nguyên và Môi trường",
            "Cập nhật quy trình nội bộ giải quyết thủ tục hành chính",
            "not_started",
            None,
            16,
        ),
        (
            "Sở Lao động - Thương binh và Xã hội",
            "Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực lao động, người có công",
            "done",
            Some(date(2023, 6, 10)),
            9,
        ),
        (
            "Sở Lao động - Thương binh và Xã hội",
            "Xây dựng đề án vị trí việc làm các đơn vị sự nghiệp trực thuộc Sở",
            "in_progress",
            None,
            10,
        ),
        (
            "Sở Lao động - Thương binh và Xã hội",
            "Thực hiện cơ chế tự chủ tài chính tại các cơ sở giáo dục nghề nghiệp",
            "in_progress",
            None,
            11,
        ),
        (
            "Sở Lao động - Thương binh và Xã hội",
            "Chi trả trợ cấp ưu đãi người có công qua tài khoản cá nhân, bảo đảm đúng hạn",
            "recurring",
            None,
            12,
        ),
        (
            "Sở Lao động - Thương binh và Xã hội",
            "Khảo sát sự hài lòng của người lao động về dịch vụ việc làm",
            "in_progress",
            None,
            13,
        ),
        (
            "Sở Lao động - Thương binh và Xã hội",
            "Rà soát, công khai danh sách hộ nghèo, hộ cận nghèo năm 2023",
            "overdue",
            None,
            14,
        ),
        (
            "Sở Lao động - Thương binh và Xã hội",
            "Hướng dẫn các huyện giải quyết đúng hạn hồ sơ trợ cấp xã hội",
            "in_progress",
            None,
            15,
        ),
        (
            "Sở Lao động - Thương binh và Xã hội",
            "Cập nhật quy trình nội bộ giải quyết thủ tục hành chính",
            "not_started",
            None,
            18,
        ),
        (
            "Sở Y tế",
            "Tiếp nhận hồ sơ cấp chứng chỉ hành nghề qua dịch vụ công trực tuyến toàn trình",
            "done",
            Some(date(2023, 6, 10)),
            9,
        ),
        ("Sở Y tế", "Rà soát, sắp xếp các khoa, phòng của bệnh viện tuyến tỉnh", "overdue", None, 10),
        ("Sở Y tế", "Chấn chỉnh thái độ phục vụ của viên chức y tế", "recurring", None, 11),
        ("Sở Y tế", "Nâng cao chất lượng khám chữa bệnh bảo hiểm y tế tại trạm y tế xã", "in_progress", None, 12),
        ("Sở Y tế", "Kiểm tra an toàn thực phẩm tại bếp ăn tập thể các trường học", "in_progress", None, 13),
        ("Sở Y tế", "Cập nhật quy trình nội bộ giải quyết thủ tục hành chính", "not_started", None, 16),
    ];
    assert_eq!(tasks, expected);
    // Areas as each row states them (the form keeps the hidden sheet): none for the SIPAS
    // task below an area-labelled one.
    let area =
        |task: &str| model.tasks.iter().find(|t| t.agency == "Sở Tư pháp" && t.task == task).unwrap().area.clone();
    assert_eq!(area("Số hóa kết quả giải quyết thủ tục hành chính lĩnh vực hộ tịch"), Some("Cải cách TTHC".into()));
    assert_eq!(area("Niêm yết số điện thoại đường dây nóng tại Bộ phận Một cửa của Sở"), None);
    // Instructions sheet, hidden sheet, validations, empty rows: nothing to report.
    assert_eq!(model.problems, []);
}
