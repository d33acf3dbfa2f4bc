fn main() {
    restore_default_sigpipe();
    let status = logcov::cli::run();
    std::process::exit(status as i32);
}

/// Rust ignores SIGPIPE, so printing into a closed pipe (`logcov rules | head`) would
/// panic; with the default action the process ends quietly, as other filters do.
#[cfg(unix)]
fn restore_default_sigpipe() {
    // SAFETY: called once at start-up, before any thread exists; setting a signal's
    // disposition to SIG_DFL has no other effect on the process.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn restore_default_sigpipe() {}
