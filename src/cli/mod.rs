//! The command line (Vietnamese help and messages). Parsing here; the work of each
//! command in its own module.

mod archive_cmds;
mod args_error;
mod error_text;
mod form_cmd;
pub mod render_cmd;
mod run;
mod summary;
mod watch_cmd;
pub mod year_cmd;

use crate::model::Period;
use chrono::NaiveDate;
use clap::{ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

pub use run::{check, detect_month, run};
pub use summary::render_summary;

const HELP_TEMPLATE: &str = "{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}";

#[derive(Debug, Parser)]
#[command(
    name = "baocao",
    version,
    about = "Tổng hợp báo cáo tháng của các cơ quan về Kế hoạch cải thiện Chỉ số PAPI, SIPAS, PAR INDEX",
    long_about = "Tổng hợp báo cáo tháng của các cơ quan về Kế hoạch cải thiện Chỉ số PAPI, SIPAS, PAR INDEX.\n\
                  Đặt các bảng tính báo cáo (.xlsx, .xls, .ods) của các cơ quan vào thư mục đầu vào rồi chạy \
                  `baocao run --month NNNN-TT`. Các tệp trong thư mục đầu vào không bao giờ bị sửa, chuyển hay xóa.",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "Lệnh",
    subcommand_value_name = "LỆNH",
    next_help_heading = "Tùy chọn"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[arg(short = 'h', long = "help", action = ArgAction::Help, help = "In trợ giúp", global = true, display_order = 100)]
    help: Option<bool>,
    #[arg(short = 'V', long = "version", action = ArgAction::Version, help = "In số phiên bản")]
    version: Option<bool>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Đọc, tổng hợp báo cáo của một tháng; lập báo cáo tổng hợp, công văn đôn đốc (PDF, DOCX),
    /// bảng tính và dữ liệu vào <đầu ra>/<NNNN-TT>/ (lưu phiên bản mới, không ghi đè)
    #[command(next_help_heading = "Tùy chọn", override_usage = "baocao run --month <NNNN-TT> [TÙY_CHỌN]")]
    Run(RunArgs),
    /// Đọc và kiểm tra các báo cáo, in kết quả ra màn hình, không ghi tệp nào
    #[command(next_help_heading = "Tùy chọn", override_usage = "baocao check [TÙY_CHỌN]")]
    Check(CheckArgs),
    /// In cấu hình đang dùng (YAML), để sao chép và sửa
    #[command(next_help_heading = "Tùy chọn", override_usage = "baocao config [--config <TỆP>]")]
    Config(ConfigArgs),
    /// Dựng một văn bản (PDF và DOCX) từ tệp dữ liệu YAML và mẫu văn bản
    #[command(next_help_heading = "Tùy chọn", override_usage = "baocao render <TỆP.yaml> [TÙY_CHỌN]")]
    Render(render_cmd::RenderArgs),
    /// Kiểm tra lại mã băm SHA-256 của mọi tệp đã lưu trong thư mục một tháng
    #[command(next_help_heading = "Tùy chọn", override_usage = "baocao verify <THƯ_MỤC_THÁNG>")]
    Verify(archive_cmds::VerifyArgs),
    /// Xem hoặc xuất ra Excel sổ đăng ký văn bản đi
    #[command(next_help_heading = "Tùy chọn", override_usage = "baocao register [--year NNNN] [--xlsx TỆP]")]
    Register(archive_cmds::RegisterArgs),
    /// Theo dõi thư mục đầu vào và tự tổng hợp lại khi có tệp mới hoặc tệp thay đổi
    #[command(next_help_heading = "Tùy chọn", override_usage = "baocao watch [--month NNNN-TT] [TÙY_CHỌN]")]
    Watch(watch_cmd::WatchArgs),
    /// Tổng hợp các tháng đã chạy của một năm (hoặc quý I, 6 tháng, 9 tháng): đánh giá, xếp
    /// loại các cơ quan; lập báo cáo, tờ trình (PDF, DOCX), bảng tính vào <đầu ra>/<NNNN>/
    #[command(next_help_heading = "Tùy chọn", override_usage = "baocao year <NNNN> [--through NNNN-TT] [TÙY_CHỌN]")]
    Year(year_cmd::YearArgs),
    /// Lập biểu mẫu báo cáo tháng cho từng cơ quan (ghi sẵn nhiệm vụ chưa hoàn thành) và công
    /// văn đề nghị báo cáo, vào <đầu ra>/bieu-mau/<NNNN-TT>/
    #[command(next_help_heading = "Tùy chọn", override_usage = "baocao form --month <NNNN-TT> [TÙY_CHỌN]")]
    Form(form_cmd::FormArgs),
}

#[derive(Debug, Clone, clap::Args)]
pub struct RunArgs {
    /// Tháng báo cáo, dạng NNNN-TT (ví dụ 2023-05)
    #[arg(long, value_name = "NNNN-TT", value_parser = parse_month)]
    pub month: Period,
    #[command(flatten)]
    pub io: MonthIoArgs,
    /// Ngày ban hành ghi trên văn bản, dạng NNNN-TT-NN (mặc định: để trống ngày, tháng cho lúc ký)
    #[arg(long, value_name = "NNNN-TT-NN", value_parser = parse_day)]
    pub date: Option<NaiveDate>,
    /// Lấy số văn bản từ sổ đăng ký văn bản đi (cần --date); mặc định để trống số cho văn thư
    #[arg(long)]
    pub issue: bool,
}

/// Where a month is read from and written to, and with what: shared by `run` and `watch`.
#[derive(Debug, Clone, clap::Args)]
pub struct MonthIoArgs {
    /// Thư mục chứa các bảng tính báo cáo của các cơ quan (mặc định: inputs)
    #[arg(long, value_name = "THƯ_MỤC", default_value = "inputs", hide_default_value = true)]
    pub inputs: PathBuf,
    /// Thư mục ghi kết quả, mỗi tháng một thư mục con NNNN-TT (mặc định: output)
    #[arg(long, value_name = "THƯ_MỤC", default_value = "output", hide_default_value = true)]
    pub output: PathBuf,
    /// Tệp cấu hình YAML (mặc định: cấu hình Lào Cai 2023 có sẵn; xem `baocao config`)
    #[arg(long, value_name = "TỆP")]
    pub config: Option<PathBuf>,
    /// Thư mục phông chữ (ví dụ có Times New Roman); mặc định dùng Liberation Serif có sẵn
    #[arg(long, value_name = "THƯ_MỤC")]
    pub font_dir: Option<PathBuf>,
    /// Thư mục mẫu văn bản (mặc định: templates); mẫu ở đây thay mẫu có sẵn cùng tên
    #[arg(long, value_name = "THƯ_MỤC", default_value = "templates", hide_default_value = true)]
    pub templates: PathBuf,
}

impl MonthIoArgs {
    pub fn job<'a>(
        &'a self,
        config: &'a crate::config::Config,
        date: Option<NaiveDate>,
        issue: bool,
    ) -> crate::pipeline::MonthJob<'a> {
        crate::pipeline::MonthJob {
            config,
            inputs: &self.inputs,
            output: &self.output,
            templates: &self.templates,
            date,
            issue,
        }
    }
}

#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    /// Tháng báo cáo, dạng NNNN-TT (mặc định: tháng mà phần lớn các tệp ghi)
    #[arg(long, value_name = "NNNN-TT", value_parser = parse_month)]
    pub month: Option<Period>,
    /// Thư mục chứa các bảng tính báo cáo của các cơ quan (mặc định: inputs)
    #[arg(long, value_name = "THƯ_MỤC", default_value = "inputs", hide_default_value = true)]
    pub inputs: PathBuf,
    /// Tệp cấu hình YAML (mặc định: cấu hình có sẵn)
    #[arg(long, value_name = "TỆP")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ConfigArgs {
    /// Tệp cấu hình YAML cần kiểm tra và in lại (mặc định: cấu hình có sẵn)
    #[arg(long, value_name = "TỆP")]
    pub config: Option<PathBuf>,
}

pub(crate) fn parse_month(s: &str) -> Result<Period, String> {
    s.parse::<Period>().map_err(|e| e.to_string())
}

/// `--date`: `YYYY-MM-DD`, the one date form of the command line.
pub(crate) fn parse_day(s: &str) -> Result<NaiveDate, String> {
    crate::document::filters::parse_date(s)
        .ok_or_else(|| format!("ngày không hợp lệ: «{s}» (cần dạng NNNN-TT-NN, ví dụ 2023-05-22)"))
}

/// The clap command with Vietnamese help layout on every subcommand.
pub fn command() -> clap::Command {
    Cli::command().help_template(HELP_TEMPLATE).mut_subcommands(|s| s.help_template(HELP_TEMPLATE))
}

/// Parses `args` (the program name first). Errors are already Vietnamese; help and
/// version requests come back as `Err` with exit code 0, the text for stdout.
pub fn parse<I, T>(args: I) -> Result<Cli, (String, u8)>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let matches = command().try_get_matches_from(args).map_err(args_error::translate)?;
    Cli::from_arg_matches(&matches).map_err(args_error::translate)
}

pub fn main() -> ExitCode {
    // A panic inside one file's reading is caught there and reported as that file being
    // unreadable; the default hook would still spill a backtrace on the clerk's terminal.
    if std::env::var_os("BAOCAO_DEBUG").is_none() {
        std::panic::set_hook(Box::new(|_| {}));
    }
    match std::panic::catch_unwind(real_main) {
        Ok(code) => code,
        Err(payload) => {
            let detail = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            eprintln!("Lỗi nội bộ của baocao ({detail}). Hãy báo cho người quản trị; chạy lại với BAOCAO_DEBUG=1 để xem chi tiết.");
            ExitCode::from(101)
        }
    }
}

fn real_main() -> ExitCode {
    let cli = match parse(std::env::args_os()) {
        Ok(cli) => cli,
        Err((text, code)) => {
            if code == 0 {
                print!("{text}");
            } else {
                eprint!("{text}");
            }
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Run(args) => run(&args),
        Command::Check(args) => check(&args),
        Command::Render(args) => render_cmd::run(&args),
        Command::Verify(args) => archive_cmds::verify(&args),
        Command::Register(args) => archive_cmds::register(&args),
        Command::Watch(args) => watch_cmd::watch(&args),
        Command::Year(args) => year_cmd::year(&args),
        Command::Form(args) => form_cmd::form(&args),
        Command::Config(args) => {
            crate::config::Config::load(args.config.as_deref()).map(|c| print!("{}", c.to_yaml())).map_err(Into::into)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Lỗi: {}", error_text::error_text(&e));
            ExitCode::FAILURE
        }
    }
}
