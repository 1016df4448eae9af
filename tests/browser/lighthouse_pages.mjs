// Lighthouse on the given pages, in one Chromium (CHROME_PATH), with Lighthouse's default settings
// (mobile, simulated throttling). Each page is measured RUNS times and Lighthouse's own median run
// is kept, as Lighthouse advises for its run-to-run variance. Writes NAME.report.json and
// NAME.report.html of the median run and NAME.runs.json with the scores of every run.
// Usage: node lighthouse_pages.mjs OUT_DIR RUNS CHROME_FLAGS_JSON NAME=URL ...
import fs from "node:fs";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { computeMedianRun } from "lighthouse/core/lib/median-run.js";
import { ReportGenerator } from "lighthouse/report/generator/report-generator.js";

const [outDir, runsText, flagsJson, ...pages] = process.argv.slice(2);
const runs = Number(runsText);
fs.mkdirSync(outDir, { recursive: true });
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: JSON.parse(flagsJson),
  logLevel: "silent",
});
try {
  for (const page of pages) {
    const split = page.indexOf("=");
    const name = page.slice(0, split);
    const url = page.slice(split + 1);
    const results = [];
    for (let run = 0; run < runs; run++) {
      // The full-page screenshot only illustrates the HTML report and costs seconds a run.
      const result = await lighthouse(url, { port: chrome.port, logLevel: "error" },
        { extends: "lighthouse:default", settings: { skipAudits: ["full-page-screenshot"] } });
      if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
      results.push(result.lhr);
    }
    const median = computeMedianRun(results);
    const scores = results.map((lhr) =>
      Object.fromEntries(Object.entries(lhr.categories).map(([id, category]) => [id, category.score])));
    fs.writeFileSync(path.join(outDir, `${name}.runs.json`), JSON.stringify(scores, null, 2));
    fs.writeFileSync(path.join(outDir, `${name}.report.json`), JSON.stringify(median, null, 2));
    fs.writeFileSync(path.join(outDir, `${name}.report.html`), ReportGenerator.generateReportHtml(median));
  }
} finally {
  await chrome.kill();
}
