//! Every output file of `smm build`, as an insta snapshot, for every shipped example and for the
//! recurrence fixtures in `tests/fixtures/build/recurrence/` (a series that runs out, `every month
//! on day 31`). The per-emitter tests check structure and arithmetic; these show whole files.

mod common;

use smm::emit::{emit, EmitOptions};

fn snapshot_outputs(path: &str, label: &str) {
    let plan = &common::plan_of(&common::crate_path(path));
    let files = emit(plan, &EmitOptions::all(plan));
    assert_eq!(files.len(), 8, "every artifact is emitted");
    for file in files {
        let text = String::from_utf8(file.contents.to_vec()).expect("outputs are UTF-8");
        assert!(!text.is_empty(), "{label}/{} is empty", file.name);
        insta::assert_snapshot!(format!("{label}__{}", file.name), text);
    }
}

#[test]
fn consumer_launch_example() {
    snapshot_outputs("examples/printemps-lumiere.smm", "printemps-lumiere");
}

#[test]
fn b2b_example() {
    snapshot_outputs("examples/b2b-linkedin.smm", "b2b-linkedin");
}

#[test]
fn a_series_that_runs_out() {
    snapshot_outputs(
        "tests/fixtures/build/recurrence/series-runs-out.smm",
        "series-runs-out",
    );
}

#[test]
fn every_month_on_day_31() {
    snapshot_outputs(
        "tests/fixtures/build/recurrence/month-day-31.smm",
        "month-day-31",
    );
}
