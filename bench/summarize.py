#!/usr/bin/env python3
"""Prints one markdown table of medians over the runs of each case in a bench/results folder.

Files are named <case>-<run>.json (one `starter load --json` report each); cases keep the order
in which their first file was written.
"""
import json
import statistics
import sys
from pathlib import Path


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(value, digits=1):
    return "n/a" if value is None else f"{value:.{digits}f}"


def compensation(report, figure):
    steps = report["compensationMs"].values()
    return statistics.mean(s[figure] for s in steps) if steps else None


def main(folder):
    cases = {}
    for file in sorted(Path(folder).glob("*.json"), key=lambda f: f.stat().st_mtime):
        case = file.stem.rsplit("-", 1)[0]
        try:
            report = json.loads(file.read_text())
        except json.JSONDecodeError:
            print(f"skipping {file}: not a report (the run failed?)", file=sys.stderr)
            continue
        if "error" in report:
            print(f"skipping {file}: the run failed: {report['error'].get('message')}", file=sys.stderr)
            continue
        cases.setdefault(case, []).append(report)

    print("| case | runs | sagas/s | p50 ms | p95 ms | p99 ms | max ms | compensation p50 / p95 ms | "
          "process CPU ms/saga | dev server CPU ms/saga | peak MB | load avg | errors |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for case, reports in cases.items():
        lat = lambda k: median(r["latencyMs"][k] for r in reports)
        comp_p50 = median(compensation(r, "p50") for r in reports)
        comp_p95 = median(compensation(r, "p95") for r in reports)
        errors = sum(sum(r["errors"].values()) for r in reports)
        print(f"| {case} | {len(reports)} | {fmt(median(r['throughputPerSecond'] for r in reports))} "
              f"| {fmt(lat('p50'))} | {fmt(lat('p95'))} | {fmt(lat('p99'))} | {fmt(lat('max'))} "
              f"| {'–' if comp_p50 is None else fmt(comp_p50) + ' / ' + fmt(comp_p95)} "
              f"| {fmt(median(r['processCpuMsPerSaga'] for r in reports))} "
              f"| {fmt(median(r['devServerCpuMsPerSaga'] for r in reports))} "
              f"| {fmt(median(r['peakWorkingSetMb'] for r in reports), 0)} "
              f"| {fmt(median(r.get('loadAverage') for r in reports))} | {errors} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
