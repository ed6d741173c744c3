fn main() -> std::process::ExitCode {
    baocao::cli::main()
}
