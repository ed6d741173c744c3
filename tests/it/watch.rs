//! `baocao watch`: a new workbook dropped into the folder triggers a new consolidation
//! that names the newly reporting agency. Bounded waits; the watcher is killed at the end.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn wait_for(path: &Path, limit: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if path.exists() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[test]
fn a_new_workbook_is_picked_up() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    std::fs::copy(root.join("inputs/BC T5 STP.xlsx"), inputs.join("BC T5 STP.xlsx")).unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .args(["watch", "--month", "2023-05", "--inputs", "inputs", "--output", "output", "--settle", "1"])
        .current_dir(tmp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let month = tmp.path().join("output/2023-05");
    let first = wait_for(&month.join("v001"), Duration::from_secs(60));
    // Give the watcher a moment to be in place after the first run.
    std::thread::sleep(Duration::from_millis(1500));
    std::fs::copy(root.join("inputs/BC thang 5.2023 - So Y te.xls"), inputs.join("BC thang 5.2023 - So Y te.xls"))
        .unwrap();
    let second = wait_for(&month.join("v002"), Duration::from_secs(60));
    // Let the run finish writing its summary before stopping the watcher.
    wait_for(&month.join("v002/manifest.json"), Duration::from_secs(10));
    std::thread::sleep(Duration::from_millis(500));
    let _ = child.kill();
    let _ = child.wait();
    let mut out = String::new();
    child.stdout.take().unwrap().read_to_string(&mut out).unwrap();
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(first, "first run archived\n{out}\n{err}");
    assert!(second, "the new file triggered a second run\n{out}\n{err}");
    assert!(out.contains("Cơ quan mới nộp: Sở Y tế"), "{out}");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(month.join("tong-hop.json")).unwrap()).unwrap();
    let yte = json["agencies"].as_array().unwrap().iter().find(|a| a["name"] == "Sở Y tế").unwrap().clone();
    assert_eq!(yte["submission"], "on_time");
}
