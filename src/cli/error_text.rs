//! The one line a failed command prints: the error and its causes, each said once.

/// The error followed by those of its causes its own text does not already include. Our
/// errors often name their cause in their message (`không dựng được văn bản «…»: <mẫu,
/// dòng, lỗi>`) and also keep it as the source, so printing the whole chain would say the
/// file and line twice.
pub fn error_text(e: &anyhow::Error) -> String {
    let mut text = e.to_string();
    for cause in e.chain().skip(1) {
        let cause = cause.to_string();
        if !cause.is_empty() && !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("không dựng được văn bản «Báo cáo»: {source}")]
    struct Outer {
        source: Inner,
    }

    #[derive(Debug, thiserror::Error)]
    #[error("mẫu.md.j2, dòng 3: lỗi")]
    struct Inner;

    #[derive(Debug, thiserror::Error)]
    #[error("không ghi được tệp")]
    struct Bare {
        source: Inner,
    }

    #[test]
    fn each_cause_once() {
        let e = anyhow::Error::new(Outer { source: Inner });
        assert_eq!(error_text(&e), "không dựng được văn bản «Báo cáo»: mẫu.md.j2, dòng 3: lỗi");
        let e = anyhow::Error::new(Bare { source: Inner });
        assert_eq!(error_text(&e), "không ghi được tệp: mẫu.md.j2, dòng 3: lỗi");
        let e = anyhow::Error::new(Inner).context("tháng 2023-05");
        assert_eq!(error_text(&e), "tháng 2023-05: mẫu.md.j2, dòng 3: lỗi");
    }
}
