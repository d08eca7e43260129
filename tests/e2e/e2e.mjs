// End-to-end: a person using Evident in a real browser (Debian's headless Chromium, driven by
// playwright-core) against `evident serve` on loopback. Run by run.sh, which starts the server.
//   node e2e.mjs --base http://127.0.0.1:PORT --artifacts DIR --profile DIR
// Screenshots of each step go to the artifacts directory. Exit code 0 when every step passed.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import assert from "node:assert/strict";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => {
    if (arg.startsWith("--")) pairs.push([arg.slice(2), all[i + 1]]);
    return pairs;
  }, []),
);
const base = args.base;
const artifacts = args.artifacts;
mkdirSync(artifacts, { recursive: true });

const SEED = "What is the role of Lu-177 DOTATATE in liver metastases?";
const FOLLOW_UP = "What about kidney toxicity?";

const context = await chromium.launchPersistentContext(args.profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
  ],
  viewport: { width: 1280, height: 900 },
});
context.setDefaultTimeout(30_000);
const page = context.pages()[0] || (await context.newPage());
const problems = [];  // console errors (CSP violations show up here) and failed requests
page.on("console", (msg) => { if (msg.type() === "error") problems.push(`console: ${msg.text()}`); });
page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
page.on("requestfailed", (req) => problems.push(`request failed: ${req.url()}`));

let failures = 0;
let passes = 0;
async function step(name, fn) {
  try {
    await fn();
    passes++;
    console.log(`ok - ${name}`);
  } catch (err) {
    failures++;
    console.log(`not ok - ${name}\n  ${String(err.stack || err).split("\n").join("\n  ")}`);
    await page.screenshot({ path: join(artifacts, `failed-${name.replace(/\W+/g, "-")}.png`), fullPage: true })
      .catch(() => {});
  }
}
const shot = (name) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
const text = (selector) => page.locator(selector).innerText();

let articleUrl = "";

await step("ask the seed question from the home page", async () => {
  await page.goto(base + "/");
  assert.equal(await page.title(), "Ask a clinical question · Evident");
  await page.getByLabel("Your question").fill(SEED);
  await Promise.all([page.waitForURL(/\/q\/[a-z0-9-]+$/), page.getByRole("button", { name: "Ask", exact: true }).click()]);
  articleUrl = page.url();
  assert.equal(await text("h1"), SEED);
});

await step("the article shows both sections, the review status and numbered references", async () => {
  await page.getByRole("heading", { name: "From the Guidelines", level: 2 }).waitFor();
  await page.getByRole("heading", { name: "From the Research", level: 2 }).waitFor();
  await page.getByRole("heading", { name: "Evidence overview", level: 2 }).waitFor();
  assert.match(await text(".review-banner"), /Educational purpose only • content is pending human review/);
  assert.match(await text(".review-steps .current"), /Submitted/);
  const refs = page.locator("ol.reference-list > li");
  assert.ok((await refs.count()) >= 3, "at least three references");
  assert.equal(await refs.first().getAttribute("id"), "ref-1");
  assert.ok((await page.locator("a.cite").count()) >= 3, "inline citation markers");
  assert.equal(await page.locator(".evidence-chart svg circle").count(), await refs.count());
  await shot("01-article-physician");
});

await step("a citation names its source on hover and leads to its reference", async () => {
  const cite = page.locator("a.cite").first();
  const href = await cite.getAttribute("href");
  await cite.hover();
  const tip = page.locator(".cite-tooltip[role=tooltip]");
  await tip.waitFor();
  assert.ok((await tip.innerText()).length > 10, "tooltip names the source");
  assert.equal(await cite.getAttribute("aria-describedby"), "cite-tooltip");
  await shot("02-citation-tooltip");
  await cite.click();
  await page.waitForURL((url) => url.hash === href);
  const target = page.locator(href);
  assert.ok(await target.evaluate((el) => el.matches(":target")), "reference is the :target");
  // The browser scrolls the reference into view.
  await page.waitForFunction((selector) => {
    const r = document.querySelector(selector).getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  }, href);
  await shot("03-citation-followed");
});

await step("switching the audience to patient shows the patient version", async () => {
  await page.goto(articleUrl);
  await Promise.all([
    page.waitForURL(/audience=patient/),
    page.getByLabel("Patient or caregiver").check(),  // app.js submits on change
  ]);
  assert.equal(await page.getByLabel("Patient or caregiver").isChecked(), true);
  assert.match(await text(".disclaimer"), /is not medical advice/);
  assert.match(await text(".audience-current"), /Patient or caregiver/);
  const levels = await page.locator(".reference-list .level").allInnerTexts();
  assert.ok(levels.some((l) => /patient education/i.test(l)), `a patient-level source: ${levels}`);
  const cookies = await context.cookies(base);
  assert.ok(cookies.some((c) => c.name === "evident_audience" && c.value === "patient"));
  await shot("04-article-patient");
  // Remembered: the plain URL now opens the patient version.
  await page.goto(articleUrl);
  assert.equal(await page.getByLabel("Patient or caregiver").isChecked(), true);
});

// The corpus holds nothing on the kidney toxicity of DOTATATE: the follow-up page stays on the
// topic, answered from the topic's sources or saying so with them as the nearest topics.
await step("a follow-up question stays on the topic", async () => {
  await page.goto(articleUrl + "?audience=physician");
  await page.getByLabel("Your follow-up question").fill(FOLLOW_UP);
  await Promise.all([
    page.waitForURL((url) => url.href !== articleUrl && /\/q\//.test(url.pathname)),
    page.locator(".follow-up-form button[type=submit]").click(),
  ]);
  assert.equal(await text("h1"), FOLLOW_UP);
  assert.match(await text(".resolved"), /DOTATATE/);
  const topic = /dotatate|lutetium|177lu|octreotate|neuroendocrine|somatostatin/;
  if (await page.locator(".no-evidence").count()) {
    const topics = (await page.locator(".no-evidence .topics li").allInnerTexts()).map((t) => t.toLowerCase());
    assert.ok(topics.length > 0, "nearest topics listed");
    assert.match(topics[0], topic);
  } else {
    // What the answer says (not the question echoed above it).
    const body = (await page.locator(".answer-section").allInnerTexts()).join("\n").toLowerCase();
    assert.match(body, /kidney|renal|nephro/);
    assert.match(body, topic);
  }
  await shot("05-follow-up");
});

// --- Editorial workflow: a medical reviewer approves the physician version. ---
const slug = () => new URL(articleUrl).pathname.split("/").pop();
const reviewPath = () => `/review/${slug()}?audience=physician`;
// A POST of the review form's fields from this page's origin, as a script there would send it.
const postFromPage = (path, fields) =>
  page.evaluate(async ([p, f]) => {
    const res = await fetch(p, { method: "POST", body: new URLSearchParams(f) });
    return { status: res.status, body: await res.text() };
  }, [path, fields]);
const startReview = { audience: "physician", version: "1", from: "submitted", to: "under_review" };

await step("someone not signed in is sent to sign in and cannot act", async () => {
  await page.goto(base + reviewPath());
  await page.waitForURL(/\/login\?next=/);
  assert.equal(await text("h1"), "Reviewer sign-in");
  const r = await postFromPage(`/review/${slug()}/transition`, { ...startReview, csrf: "a".repeat(64) });
  assert.equal(r.status, 403);
  assert.match(r.body, /Sign in as a reviewer to do this/);
});

await step("a reviewer signs in and opens the article from the review queue", async () => {
  await page.goto(base + "/login");
  await page.getByLabel("Username").fill("e2e-reviewer");
  await page.getByLabel("Password").fill(process.env.E2E_REVIEWER_PASSWORD || "");
  await Promise.all([page.waitForURL(/\/review$/), page.getByRole("button", { name: "Sign in" }).click()]);
  const session = (await context.cookies(base)).find((c) => c.name === "evident_session");
  assert.ok(session, "a session cookie");
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, "Strict");
  assert.equal(session.secure, true);
  assert.equal(await text("h1"), "Review queue");
  await shot("07-review-queue");
  await Promise.all([page.waitForURL(/\/review\/.*audience=physician/), page.locator(`a[href="${reviewPath()}"]`).click()]);
  assert.equal(await text("h1"), SEED);
  await page.getByRole("heading", { name: "Its sources", level: 2 }).waitFor();
  assert.ok((await page.locator(".source-passage").count()) >= 1, "cited passages beside the article");
  await shot("08-review-page");
});

await step("a forged POST without the CSRF token is rejected", async () => {
  // From this site's own origin, with the session cookie, but no token.
  const r = await postFromPage(`/review/${slug()}/transition`, startReview);
  assert.equal(r.status, 403);
  assert.match(r.body, /did not come from this site/);
  // From a page of another origin: the browser does not even send the SameSite=Strict cookie.
  await page.goto("about:blank");
  await page.setContent(`<form method="post" action="${base}/review/${slug()}/transition">` +
    Object.entries(startReview).map(([k, v]) => `<input name="${k}" value="${v}">`).join("") + "</form>");
  const [response] = await Promise.all([page.waitForNavigation(), page.evaluate(() => document.forms[0].submit())]);
  assert.equal(response.status(), 403);
  await page.goto(base + reviewPath());
  assert.match(await text(".review-facts"), /Submitted/);
});

await step("the reviewer approves and the public page shows the status and the reviewer", async () => {
  await page.goto(base + reviewPath());
  await Promise.all([page.waitForURL(/done=under_review/), page.getByRole("button", { name: "Start review" }).click()]);
  await page.getByLabel(/^Comment/).fill("Checked every sentence against its source.");
  await Promise.all([page.waitForURL(/done=approved/), page.getByRole("button", { name: "Approve this version" }).click()]);
  assert.match(await text(".form-notice"), /Approved/);
  assert.match(await text(".review-log"), /Under review → Approved/);
  await shot("09-approved");
  await page.goto(articleUrl + "?audience=physician");
  assert.match(await text(".review-steps .current"), /Approved/);
  assert.match(await text(".reviewed-by"), /Dr E2E Reviewer/);
  assert.equal(await page.locator(".review-banner").count(), 0, "no pending-review banner");
  assert.doesNotMatch(await page.locator("main").innerText(), /Checked every sentence/);
  await shot("10-article-approved");
});

await step("works without JavaScript: the audience form submits", async () => {
  // A persistent context cannot switch JavaScript off per page: block the one script instead.
  const p = await context.newPage();
  await p.route("**/static/app.js*", (route) => route.abort());
  await p.goto(articleUrl);
  await p.getByLabel("Student").check();
  await Promise.all([p.waitForURL(/audience=student/), p.getByRole("button", { name: "Show this version" }).click()]);
  assert.equal(await p.getByLabel("Student").isChecked(), true);
  await p.close();
});

await step("the layout fits a phone", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(articleUrl + "?audience=physician");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `horizontal overflow of ${overflow}px`);
  await shot("06-article-phone");
  await page.setViewportSize({ width: 1280, height: 900 });
});

await step("no console errors, CSP violations or failed requests", async () => {
  // The refused POSTs above are meant to be refused: Chromium logs each 403 as a console error.
  const unexpected = problems.filter((p) => !/status of 403/.test(p));
  assert.deepEqual(unexpected, []);
});

await context.close();
console.log(`${passes} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
