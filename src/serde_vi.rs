//! serde's error messages in Vietnamese, for the YAML files a clerk edits: the
//! configuration (`config`) and the templates' front matter (`document::template`). One
//! translation, so the same mistake reads the same in both.

/// The Vietnamese of a serde / serde_yaml message. The location (`at line N column M`)
/// is dropped: callers report line and key themselves. Messages serde did not write (our
/// own, already Vietnamese) pass through unchanged.
pub fn translate(message: &str) -> String {
    let msg = message.split(" at line ").next().unwrap_or(message);
    if let Some(field) = msg.strip_prefix("missing field ") {
        return format!("thiếu trường {field}");
    }
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        return match rest.split_once(", expected one of ") {
            Some((field, valid)) => {
                format!("trường không được hỗ trợ {field} (kiểm tra chính tả; các trường hợp lệ: {valid})")
            }
            None => {
                let field = rest.split(',').next().unwrap_or(rest);
                format!("trường không được hỗ trợ {field} (kiểm tra chính tả)")
            }
        };
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        return format!("sai kiểu giá trị ({})", rest.replace("expected", "cần"));
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        return match rest.split_once(", expected ") {
            Some((value, valid)) => {
                let valid = valid.trim_start_matches("one of ").replace(" or ", " hoặc ");
                format!("giá trị không hợp lệ {value} (các giá trị hợp lệ: {valid})")
            }
            None => format!("giá trị không hợp lệ {rest}"),
        };
    }
    // serde_yaml's syntax errors, word by word.
    msg.replace("did not find expected key", "thiếu khóa")
        .replace("did not find expected", "không thấy")
        .replace("while parsing a", "khi đọc một")
        .replace("found unexpected end of stream", "tệp kết thúc bất ngờ")
        .replace("mapping values are not allowed in this context", "không được đặt `khóa:` ở đây")
        .replace("expected", "cần")
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn common_messages() {
        assert_eq!(translate("missing field `place` at line 2 column 1"), "thiếu trường `place`");
        assert_eq!(
            translate("unknown field `codee`, expected one of `name`, `code`"),
            "trường không được hỗ trợ `codee` (kiểm tra chính tả; các trường hợp lệ: `name`, `code`)"
        );
        assert_eq!(
            translate("unknown field `x`, there are no fields"),
            "trường không được hỗ trợ `x` (kiểm tra chính tả)"
        );
        assert_eq!(
            translate("invalid type: string \"mười bốn\", expected u32"),
            "sai kiểu giá trị (string \"mười bốn\", cần u32)"
        );
        assert_eq!(
            translate("unknown variant `tinh`, expected `province` or `district`"),
            "giá trị không hợp lệ `tinh` (các giá trị hợp lệ: `province` hoặc `district`)"
        );
        assert_eq!(
            translate("mapping values are not allowed in this context at line 4 column 9"),
            "không được đặt `khóa:` ở đây"
        );
        assert_eq!(translate("thiếu tên cơ quan ban hành"), "thiếu tên cơ quan ban hành");
    }
}
