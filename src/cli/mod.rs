//! The command line (Vietnamese help and messages).

use std::process::ExitCode;

pub fn main() -> ExitCode {
    ExitCode::SUCCESS
}
