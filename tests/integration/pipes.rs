//! Standard output closed by its reader, as `lstm-tui list | head -1` closes it: the command
//! ends quietly with status 0, as other Unix tools do. Any other failed write is an error. A
//! server's closed outputs lose their lines and nothing else.

use std::io::BufRead;
use std::process::{Command, Stdio};

use tempfile::TempDir;

/// The binary, with a state directory of its own in `state`.
fn lstm_tui(state: &TempDir, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lstm-tui"));
    command
        .args(args)
        .env("XDG_STATE_HOME", state.path())
        .env("HOME", state.path())
        .stderr(Stdio::piped());
    command
}

/// lesson5's trace is 4 MB, far more than a pipe holds: after one line is read and the pipe
/// closed, the writes that are left fail with `EPIPE`, whatever the timing.
#[test]
fn a_reader_that_stops_after_one_line_ends_the_command_quietly() {
    let state = TempDir::new().unwrap();
    for format in ["json", "csv"] {
        let mut child = lstm_tui(&state, &["trace", "lesson5", "--format", format])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert!(line.starts_with(if format == "json" {
            "{\"source\":\"lesson5\""
        } else {
            "layer,"
        }));
        let out = child.wait_with_output().unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{format}");
        assert_eq!(out.status.code(), Some(0), "{format}");
    }
}

/// Every command that writes to standard output, given a pipe whose reader is already gone.
#[test]
fn every_command_given_a_closed_pipe_ends_quietly() {
    let state = TempDir::new().unwrap();
    let commands: [&[&str]; 9] = [
        &["list"],
        &["reset"],
        &["trace", "lesson3"],
        &["trace", "lesson3", "--format", "csv"],
        &["summary", "lesson5"],
        &["summary", "lesson5", "--explain"],
        &["check", "lesson3"],
        &["frame", "lesson3"],
        &["bench", "lesson1", "--repeat", "1"],
    ];
    for args in commands {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = lstm_tui(&state, args).stdout(writer).output().unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
    }
}

/// A write that fails for another reason (here a full disk) stays an error, with exit status 2.
#[test]
fn any_other_failed_write_is_an_error() {
    let state = TempDir::new().unwrap();
    for args in [&["list"][..], &["trace", "lesson3"], &["check", "lesson3"]] {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let out = lstm_tui(&state, args).stdout(full).output().unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "lstm-tui: cannot write the output: No space left on device (os error 28)\n",
            "{args:?}"
        );
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

/// `lstm-tui serve | head -1`, or a log nobody reads: the server's start and its log lines go
/// to closed pipes, and the class goes on. Here both outputs are closed from the start, and two
/// clients in turn still get the server's SSH greeting.
#[test]
fn a_server_whose_outputs_are_closed_goes_on_serving() {
    use std::io::Read;
    let state = TempDir::new().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let listen = format!("127.0.0.1:{port}");
    let ((out_reader, out), (err_reader, err)) = (std::io::pipe().unwrap(), std::io::pipe().unwrap());
    drop((out_reader, err_reader));
    let mut server = lstm_tui(&state, &["serve", "--lesson", "lesson1", "--open", "--listen", &listen])
        .arg("--host-key")
        .arg(state.path().join("host_key"))
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .unwrap();
    for client in 0..2 {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let mut tcp = loop {
            match std::net::TcpStream::connect(&listen) {
                Ok(tcp) => break tcp,
                Err(e) => {
                    assert!(server.try_wait().unwrap().is_none(), "the server stopped: {e}");
                    assert!(std::time::Instant::now() < deadline, "never listened: {e}");
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
            }
        };
        tcp.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
        let mut greeting = [0u8; 8];
        tcp.read_exact(&mut greeting).unwrap();
        assert_eq!(&greeting, b"SSH-2.0-", "client {client}");
        // Closing without a word makes the server log a line on its closed standard error.
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(server.try_wait().unwrap().is_none(), "the server stopped");
    server.kill().unwrap();
    server.wait().unwrap();
}
