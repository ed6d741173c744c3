//! `baocao verify` and `baocao register`: reading back what earlier runs stored.

use crate::archive::verify as verify_month;
use crate::register::{Register, REGISTER_FILE};
use anyhow::{bail, Context, Result};
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Args)]
pub struct VerifyArgs {
    /// Thư mục của một tháng, ví dụ output/2023-05
    #[arg(value_name = "THƯ_MỤC_THÁNG")]
    pub month_dir: PathBuf,
}

#[derive(Debug, Clone, clap::Args)]
pub struct RegisterArgs {
    /// Chỉ xem các văn bản của năm này
    #[arg(long, value_name = "NNNN")]
    pub year: Option<i32>,
    /// Xuất sổ ra tệp Excel (.xlsx) này
    #[arg(long, value_name = "TỆP")]
    pub xlsx: Option<PathBuf>,
    /// Thư mục kết quả chứa sổ đăng ký (mặc định: output)
    #[arg(long, value_name = "THƯ_MỤC", default_value = "output", hide_default_value = true)]
    pub output: PathBuf,
}

pub fn verify(args: &VerifyArgs) -> Result<()> {
    let report = verify_month(&args.month_dir)?;
    print!("{report}");
    if !report.is_ok() {
        bail!("thư mục «{}» có tệp bị thay đổi, thiếu hoặc lạ (xem danh sách trên)", args.month_dir.display());
    }
    Ok(())
}

pub fn register(args: &RegisterArgs) -> Result<()> {
    let path = args.output.join(REGISTER_FILE);
    if !path.is_file() {
        bail!(
            "chưa có sổ đăng ký văn bản đi «{}»: sổ được tạo khi chạy `baocao run --date NNNN-TT-NN --issue`",
            path.display()
        );
    }
    let register = Register::open(&path)?;
    let entries = register.list(args.year)?;
    if entries.is_empty() {
        println!("Sổ đăng ký chưa có văn bản nào{}.", args.year.map(|y| format!(" trong năm {y}")).unwrap_or_default());
    }
    for e in &entries {
        let state = if e.is_cancelled() { " [đã hủy]" } else { "" };
        println!(
            "{:<16} {}  {}: {}  — ký: {}; nơi nhận: {}{state}",
            e.symbol_text,
            e.date.format("%d/%m/%Y"),
            e.type_name,
            e.subject,
            e.signer,
            e.recipients
        );
    }
    if let Some(xlsx) = &args.xlsx {
        register.export_xlsx_to(args.year, xlsx).with_context(|| format!("không xuất được «{}»", xlsx.display()))?;
        println!("Đã xuất sổ ra {}", xlsx.display());
    }
    Ok(())
}
