fn main() {
    let status = logcov::cli::run();
    std::process::exit(status as i32);
}
