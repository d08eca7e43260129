#include "server/page_renderer.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <mstch/mstch.hpp>
#include <mutex>

#include "answer/article.h"
#include "server/evidence_chart.h"
#include "server/html_escape.h"
#include "server/url.h"
#include "server/web_assets.h"

namespace evident {

namespace {

using nlohmann::json;

constexpr const char* kTemplatePrefix = "templates/";
constexpr const char* kTemplateSuffix = ".mustache";

// The templates by name ("article"), each also usable as a partial ({{> header}}).
const std::map<std::string, std::string>& Templates() {
  static const auto* templates = [] {
    auto* t = new std::map<std::string, std::string>();
    std::string prefix = kTemplatePrefix, suffix = kTemplateSuffix;
    for (const auto& asset : WebAssets()) {
      std::string path(asset.path);
      if (path.rfind(prefix, 0) != 0 || path.size() <= prefix.size() + suffix.size()) continue;
      if (path.compare(path.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
      (*t)[path.substr(prefix.size(), path.size() - prefix.size() - suffix.size())] =
          std::string(asset.data);
    }
    return t;
  }();
  return *templates;
}

// View models are JSON for convenience; Mustache sees strings, booleans, lists and maps.
// Numbers become their text, so a 0 renders as "0" (use booleans for conditions).
mstch::node ToNode(const json& j) {
  switch (j.type()) {
    case json::value_t::object: {
      mstch::map m;
      for (const auto& [key, value] : j.items()) m.emplace(key, ToNode(value));
      return m;
    }
    case json::value_t::array: {
      mstch::array a;
      for (const auto& value : j) a.push_back(ToNode(value));
      return a;
    }
    case json::value_t::string:
      return j.get<std::string>();
    case json::value_t::boolean:
      return j.get<bool>();
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return std::to_string(j.get<long long>());
    case json::value_t::number_float: {
      char buf[32];
      std::snprintf(buf, sizeof(buf), "%.1f", j.get<double>());
      return std::string(buf);
    }
    default:
      return nullptr;
  }
}

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int Int(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int>() : 0;
}

// "2026-11-27" -> "27 November 2026"; anything else unchanged.
std::string DisplayDate(const std::string& iso) {
  static const char* const kMonths[] = {"January",   "February", "March",    "April",
                                        "May",       "June",     "July",     "August",
                                        "September", "October",  "November", "December"};
  int y, m, d;
  if (iso.size() >= 10 && std::sscanf(iso.c_str(), "%4d-%2d-%2d", &y, &m, &d) == 3 && m >= 1 &&
      m <= 12) {
    return std::to_string(d) + " " + kMonths[m - 1] + " " + std::to_string(y);
  }
  return iso;
}

std::string FormatNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f", v);
  return buf;
}

// Links for a reference: PubMed / PMC from its id, and its own URL (DOI, PMC, issuer page).
json ReferenceLinks(const json& ref) {
  json links = json::array();
  std::string id = Str(ref, "id");
  std::string pubmed;
  if (id.rfind("pmid:", 0) == 0) {
    pubmed = "https://pubmed.ncbi.nlm.nih.gov/" + UrlEncodeComponent(id.substr(5)) + "/";
    links.push_back({{"href", pubmed}, {"text", "PubMed " + id.substr(5)}});
  } else if (id.rfind("pmc:", 0) == 0) {
    links.push_back({{"href", "https://www.ncbi.nlm.nih.gov/pmc/articles/" +
                                  UrlEncodeComponent(id.substr(4)) + "/"},
                     {"text", id.substr(4)}});
  }
  std::string url = SafeExternalUrl(Str(ref, "url"));
  if (!url.empty() && url != pubmed) {
    std::string text;
    if (url.find("doi.org/") != std::string::npos) {
      text = "DOI " + url.substr(url.find("doi.org/") + 8);
    } else if (url.find("/pmc/") != std::string::npos) {
      text = "PMC";
    } else if (url.find("pubmed") != std::string::npos) {
      text = "PubMed";
    } else {
      std::string source = Str(ref, "source");
      text = source.empty() ? "Source page" : source;
    }
    links.push_back({{"href", url}, {"text", text}});
  }
  for (size_t i = 0; i < links.size(); ++i) links[i]["first"] = i == 0;
  return links;
}

json AudienceChoices(Audience current) {
  json choices = json::array();
  for (Audience a : kAudiences) {
    choices.push_back(
        {{"value", AudienceName(a)}, {"label", AudienceLabel(a)}, {"checked", a == current}});
  }
  return choices;
}

// Citation markers of a block: each links to its reference and names it on hover and focus.
json Citations(const json& block, const std::map<int, std::string>& tips) {
  json cites = json::array();
  auto it = block.find("citations");
  if (it == block.end() || !it->is_array()) return cites;
  for (const auto& c : *it) {
    if (!c.is_number_integer()) continue;
    int n = c.get<int>();
    auto tip = tips.find(n);
    cites.push_back({{"n", n},
                     {"tip", tip != tips.end() ? tip->second : "Reference " + std::to_string(n)},
                     {"first", cites.empty()}});
  }
  return cites;
}

// A block's text in pieces for the template, the terms its glosses explain marked ("glossed"),
// and the glosses themselves with their citation markers. A gloss whose term is not where it
// says is not marked.
void GlossedText(const json& block, const std::map<int, std::string>& tips, json* item) {
  std::string text = Str(block, "text");
  json segments = json::array(), glosses = json::array();
  size_t at = 0;
  auto it = block.find("glosses");
  if (it != block.end() && it->is_array()) {
    for (const auto& g : *it) {
      size_t begin = g.value("begin", size_t{0}), end = g.value("end", size_t{0});
      if (begin >= at && begin < end && end <= text.size()) {
        if (begin > at)
          segments.push_back({{"text", text.substr(at, begin - at)}, {"glossed", false}});
        segments.push_back({{"text", text.substr(begin, end - begin)}, {"glossed", true}});
        at = end;
      }
      json cites = Citations({{"citations", json::array({g.value("citation", 0)})}}, tips);
      glosses.push_back({{"term", Str(g, "term")},
                         {"gloss", Str(g, "gloss")},
                         {"has_cites", !cites.empty()},
                         {"cites", std::move(cites)}});
    }
  }
  if (at < text.size()) segments.push_back({{"text", text.substr(at)}, {"glossed", false}});
  (*item)["segments"] = std::move(segments);
  (*item)["has_glosses"] = !glosses.empty();
  (*item)["glosses"] = std::move(glosses);
}

// The blocks of a section grouped for the template: consecutive bullets become one list.
// In "From the Guidelines", bullets following the lead paragraphs without a heading of their own
// are the key points, and get that heading.
json SectionGroups(const json& section, const std::map<int, std::string>& tips) {
  json groups = json::array();
  bool guideline_section = Str(section, "heading").find("Guideline") != std::string::npos;
  bool seen_subheading = false;
  auto blocks = section.find("blocks");
  if (blocks == section.end() || !blocks->is_array()) return groups;
  for (const auto& block : *blocks) {
    std::string kind = Str(block, "kind");
    json cites = Citations(block, tips);
    bool has_cites = !cites.empty();
    json item = {{"text", Str(block, "text")},
                 {"label", Str(block, "label")},
                 {"cites", std::move(cites)},
                 {"has_cites", has_cites}};
    GlossedText(block, tips, &item);
    if (kind == "subheading") {
      seen_subheading = true;
      groups.push_back({{"subheading", std::move(item)}});
    } else if (kind == "bullet") {
      if (groups.empty() || !groups.back().contains("list")) {
        if (guideline_section && !seen_subheading) {
          groups.push_back({{"subheading", {{"text", "Key points"}}}});
          seen_subheading = true;
        }
        groups.push_back({{"list", {{"items", json::array()}}}});
      }
      groups.back()["list"]["items"].push_back(std::move(item));
    } else {
      groups.push_back({{"paragraph", std::move(item)}});
    }
  }
  return groups;
}

// An evidence level code as a CSS class suffix: [a-z_] only.
std::string LevelClass(const std::string& level) {
  bool plain = !level.empty() && std::all_of(level.begin(), level.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || c == '_';
  });
  return plain ? level : "unknown";
}

json ChartView(const EvidenceChart& chart) {
  json rows = json::array(), ticks = json::array(), points = json::array();
  for (const auto& r : chart.rows) {
    rows.push_back({{"label", r.label},
                    {"label_x", FormatNumber(chart.plot_left - 10)},
                    {"y", FormatNumber(r.y)},
                    {"text_y", FormatNumber(r.y + 4)}});
  }
  for (const auto& t : chart.ticks) {
    ticks.push_back({{"label", t.label}, {"x", FormatNumber(t.x)}});
  }
  for (const auto& p : chart.points) {
    points.push_back({{"n", p.n},
                      {"x", FormatNumber(p.x)},
                      {"y", FormatNumber(p.y)},
                      {"text_y", FormatNumber(p.y + 4)},
                      {"level", LevelClass(p.level)},
                      {"tip", p.tip}});
  }
  return {{"width", FormatNumber(chart.width)},
          {"height", FormatNumber(chart.height)},
          {"plot_left", FormatNumber(chart.plot_left)},
          {"plot_right", FormatNumber(chart.plot_right)},
          {"plot_top", FormatNumber(chart.plot_top)},
          {"plot_bottom", FormatNumber(chart.plot_bottom)},
          {"tick_y", FormatNumber(chart.plot_bottom + 20)},
          {"rows", std::move(rows)},
          {"ticks", std::move(ticks)},
          {"points", std::move(points)},
          {"summary", chart.summary}};
}

std::string SectionId(const std::string& heading, size_t index) {
  std::string id = "section-";
  for (char c : heading) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      id += static_cast<char>(std::tolower(u));
    } else if (id.back() != '-') {
      id += '-';
    }
  }
  while (id.back() == '-') id.pop_back();
  return id == "section" ? id + "-" + std::to_string(index) : id;
}

// The sections and references of an article for the templates: "sections" (grouped blocks with
// citation markers), "references", "overview" and "has_references" in `view`.
void ArticleBody(const json& article, json* view) {
  // References first: citation markers show their reference's title.
  std::map<int, std::string> tips;
  json refs = json::array(), overview = json::array();
  const json& references = article.contains("references") && article["references"].is_array()
                               ? article["references"]
                               : json::array();
  for (const auto& ref : references) {
    int n = Int(ref, "n");
    std::string title = Str(ref, "title");
    if (title.empty()) title = Str(ref, "id");
    std::string source = Str(ref, "source");
    int year = Int(ref, "year");
    std::string level = Str(ref, "evidence_level");
    std::string label = Str(ref, "evidence_label");
    if (label.empty()) label = EvidenceLabelFor(level);
    bool retracted = ref.value("retracted", false), removed = ref.value("removed", false);
    tips[n] = std::string(retracted ? "Retracted: "
                          : removed ? "Withdrawn: "
                                    : "") +
              title + (source.empty() ? "" : " — " + source) +
              (year ? ", " + std::to_string(year) : std::string());
    std::string notice = Str(ref, "retraction_notice");
    json notice_link = nullptr;
    if (notice.rfind("pmid:", 0) == 0) {
      notice_link = {
          {"href", "https://pubmed.ncbi.nlm.nih.gov/" + UrlEncodeComponent(notice.substr(5)) + "/"},
          {"text", "PMID " + notice.substr(5)}};
    }
    std::string size = ref.contains("study_size") && ref["study_size"].is_number_integer()
                           ? std::to_string(ref["study_size"].get<int>())
                           : "";
    int cited_by = Int(ref, "cited_by");
    json links = ReferenceLinks(ref);
    bool has_links = !links.empty();
    refs.push_back({{"n", n},
                    {"title", title},
                    {"source", source},
                    {"year", year ? std::to_string(year) : ""},
                    {"level_label", label},
                    {"study_size", size},
                    {"cited_by", cited_by ? std::to_string(cited_by) : ""},
                    {"not_in_corpus", !ref.value("in_corpus", true)},
                    {"retracted", retracted},
                    {"retraction_notice", notice_link},
                    {"removed", removed},
                    {"id", Str(ref, "id")},
                    {"links", std::move(links)},
                    {"has_links", has_links}});
    overview.push_back({{"n", n},
                        {"title", title},
                        {"level_label", label},
                        {"level", LevelClass(level)},
                        {"year", year ? std::to_string(year) : "—"},
                        {"study_size", size.empty() ? "—" : size}});
  }
  json sections = json::array();
  if (article.contains("sections") && article["sections"].is_array()) {
    for (const auto& s : article["sections"]) {
      std::string heading = Str(s, "heading");
      sections.push_back({{"heading", heading},
                          {"id", SectionId(heading, sections.size())},
                          {"groups", SectionGroups(s, tips)}});
    }
  }
  (*view)["sections"] = std::move(sections);
  (*view)["has_references"] = !refs.empty();
  (*view)["references"] = std::move(refs);
  (*view)["overview"] = std::move(overview);
}

// The review steps shown on an article: Submitted, Under review, then Approved or Changes
// requested, each done, current or still to come.
json ReviewSteps(ReviewStatus status) {
  ReviewStatus last = status == ReviewStatus::kChangesRequested ? ReviewStatus::kChangesRequested
                                                                : ReviewStatus::kApproved;
  const ReviewStatus steps[] = {ReviewStatus::kSubmitted, ReviewStatus::kUnderReview, last};
  int current = status == ReviewStatus::kSubmitted     ? 0
                : status == ReviewStatus::kUnderReview ? 1
                                                       : 2;
  json out = json::array();
  for (int i = 0; i < 3; ++i) {
    out.push_back({{"label", ReviewStatusLabel(steps[i])},
                   {"current", i == current},
                   {"class", i == current  ? "current"
                             : i < current ? "done"
                                           : ""}});
  }
  return out;
}

// "Dr A, Dr B and Dr C"
std::string JoinNames(const json& names) {
  std::vector<std::string> list;
  if (names.is_array()) {
    for (const auto& n : names) {
      if (n.is_string()) list.push_back(n.get<std::string>());
    }
  }
  std::string out;
  for (size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += i + 1 == list.size() ? " and " : ", ";
    out += list[i];
  }
  return out;
}

json ReviewerChrome(const ReviewerView& r) {
  return {{"username", r.username},
          {"display_name", r.display_name},
          {"role", ReviewerRoleName(r.role)},
          {"csrf", r.csrf}};
}

json Chrome(const std::string& title, Audience audience, const std::string& asset_version,
            const std::string& query = "") {
  return {{"page_title", title},
          {"asset_version", asset_version},
          {"audience", AudienceName(audience)},
          {"search_query", query}};
}

}  // namespace

const std::vector<std::string>& ExampleQuestions() {
  static const std::vector<std::string> questions = {
      "What is the role of Lu-177 DOTATATE in liver metastases?",
      "Should adults be screened for colorectal cancer, and from what age?",
      "What are the side effects of tamoxifen?",
      "How is hepatitis C treated?",
      "Is aspirin recommended to prevent heart disease?",
  };
  return questions;
}

PageRenderer::PageRenderer(bool stream_drafts) : stream_drafts_(stream_drafts) {
  static std::once_flag once;
  std::call_once(
      once, [] { mstch::config::escape = [](const std::string& s) { return EscapeHtml(s); }; });
  // FNV-1a over the static files: the version in asset URLs.
  uint64_t h = 0xcbf29ce484222325ULL;
  for (const auto& asset : WebAssets()) {
    if (asset.path.rfind("static/", 0) != 0) continue;
    for (unsigned char c : asset.data) h = (h ^ c) * 0x100000001b3ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(h));
  asset_version_ = std::string(buf, 10);
}

std::string PageRenderer::Render(const std::string& name, const json& view) const {
  const auto& templates = Templates();
  return mstch::render(templates.at(name), ToNode(view), templates);
}

std::string PageRenderer::Home(const std::vector<RecentArticle>& recent, Audience audience,
                               const std::string& error, const std::string& question) const {
  json view = Chrome("Ask a clinical question", audience, asset_version_);
  view["stream_drafts"] = stream_drafts_;
  json examples = json::array();
  for (const auto& q : ExampleQuestions()) {
    examples.push_back({{"text", q}, {"href", "/ask?q=" + UrlEncodeComponent(q)}});
  }
  json recents = json::array();
  for (const auto& r : recent) {
    recents.push_back({{"href", "/q/" + r.slug},
                       {"text", r.question},
                       {"date", r.updated_at.substr(0, 10)},
                       {"date_display", DisplayDate(r.updated_at.substr(0, 10))}});
  }
  view["examples"] = std::move(examples);
  view["has_recent"] = !recents.empty();
  view["recent"] = std::move(recents);
  view["error"] = error;
  view["question"] = question;
  view["max_question_bytes"] = static_cast<int>(kMaxQuestionBytes);
  return Render("home", view);
}

std::string PageRenderer::Article(const json& article, const ArticlePageState& state) const {
  std::string question = Str(article, "question");
  json view = Chrome(question, state.audience, asset_version_);
  view["stream_drafts"] = stream_drafts_;
  std::string slug = Str(article, "slug");
  std::string resolved = Str(article, "resolved_question");
  std::string updated = Str(article, "last_updated");
  view["question"] = question;
  view["resolved_question"] = resolved != question ? resolved : "";
  view["slug"] = slug;
  view["path"] = "/q/" + slug;
  view["last_updated"] = updated;
  view["last_updated_display"] = DisplayDate(updated);
  ReviewStatus status =
      ParseReviewStatus(Str(article, "status")).value_or(ReviewStatus::kSubmitted);
  view["approved"] = status == ReviewStatus::kApproved;
  view["review_steps"] = ReviewSteps(status);
  view["reviewed_by"] = JoinNames(article.value("reviewed_by", json::array()));
  view["update_under_review"] = article.value("update_under_review", false);
  view["withdrawn_evidence"] = article.value("withdrawn_evidence", false);
  view["audience_label"] = AudienceLabel(state.audience);
  view["audiences"] = AudienceChoices(state.audience);
  view["conversation_id"] = state.conversation_id;
  view["answerable"] = article.value("answerable", false);
  std::string disclaimer = Str(article, "disclaimer");
  view["disclaimer"] = disclaimer.empty() ? Disclaimer(state.audience) : disclaimer;
  view["professional"] = IsProfessional(state.audience);

  const json& references = article.contains("references") && article["references"].is_array()
                               ? article["references"]
                               : json::array();
  ArticleBody(article, &view);
  json topics = json::array();
  if (article.contains("nearest_topics") && article["nearest_topics"].is_array()) {
    for (const auto& t : article["nearest_topics"]) {
      if (!t.is_string()) continue;
      topics.push_back({{"text", t.get<std::string>()},
                        {"href", "/search?q=" + UrlEncodeComponent(t.get<std::string>())}});
    }
  }
  view["chart"] = ChartView(LayoutEvidenceChart(references));
  view["has_topics"] = !topics.empty();
  view["nearest_topics"] = std::move(topics);
  view["search_href"] = "/search?q=" + UrlEncodeComponent(question);
  return Render("article", view);
}

std::string PageRenderer::Search(const std::string& query, const std::vector<SearchHit>& hits,
                                 Audience audience) const {
  json view =
      Chrome(query.empty() ? "Search" : "Search: " + query, audience, asset_version_, query);
  json results = json::array();
  for (const auto& h : hits) {
    std::string href;
    if (h.doc_id.rfind("pmid:", 0) == 0) {
      href = "https://pubmed.ncbi.nlm.nih.gov/" + UrlEncodeComponent(h.doc_id.substr(5)) + "/";
    }
    results.push_back({{"title", h.title.empty() ? h.doc_id : h.title},
                       {"href", href},
                       {"snippet", h.snippet},
                       {"kind", h.kind},
                       {"year", h.year ? std::to_string(h.year) : ""},
                       {"id", h.doc_id}});
  }
  view["query"] = query;
  view["has_query"] = !query.empty();
  view["count"] = static_cast<int>(hits.size());
  view["has_results"] = !results.empty();
  view["results"] = std::move(results);
  view["ask_href"] = "/ask?q=" + UrlEncodeComponent(query);
  return Render("search", view);
}

std::string PageRenderer::EditorialPolicy(Audience audience) const {
  return Render("editorial_policy", Chrome("Editorial policy", audience, asset_version_));
}

std::string PageRenderer::Login(const LoginPageView& login) const {
  json view = Chrome("Reviewer sign-in", Audience::kPhysician, asset_version_);
  view["csrf"] = login.csrf;
  view["next"] = login.next;
  view["username"] = login.username;
  view["error"] = login.error;
  return Render("login", view);
}

std::string PageRenderer::ReviewQueue(const ReviewQueueView& queue) const {
  json view = Chrome("Review queue", Audience::kPhysician, asset_version_);
  view["reviewer"] = ReviewerChrome(queue.reviewer);
  json statuses = json::array();
  statuses.push_back(
      {{"value", ""}, {"label", "Every status"}, {"selected", queue.status.empty()}});
  for (ReviewStatus st : {ReviewStatus::kSubmitted, ReviewStatus::kUnderReview,
                          ReviewStatus::kChangesRequested, ReviewStatus::kApproved}) {
    statuses.push_back({{"value", ReviewStatusName(st)},
                        {"label", ReviewStatusLabel(st)},
                        {"selected", queue.status == ReviewStatusName(st)}});
  }
  json ages = json::array();
  for (int days : {0, 1, 7, 30}) {
    ages.push_back({{"value", std::to_string(days)},
                    {"label", days == 0 ? "Any age"
                                        : "Waiting over " + std::to_string(days) +
                                              (days == 1 ? " day" : " days")},
                    {"selected", queue.min_age_days == days}});
  }
  json items = json::array();
  for (const ReviewState& r : queue.items) {
    items.push_back(
        {{"href", "/review/" + r.slug + "?audience=" + UrlEncodeComponent(r.audience)},
         {"question", r.question},
         {"audience",
          ParseAudience(r.audience) ? AudienceLabel(*ParseAudience(r.audience)) : r.audience},
         {"status", ReviewStatusLabel(r.status)},
         {"status_class", ReviewStatusName(r.status)},
         {"version", r.latest_version},
         {"approved_version", r.approved_version > 0 ? std::to_string(r.approved_version) : "—"},
         {"since", r.status_changed_at},
         {"since_display", DisplayDate(r.status_changed_at.substr(0, 10))}});
  }
  view["statuses"] = std::move(statuses);
  view["ages"] = std::move(ages);
  view["has_items"] = !items.empty();
  view["count"] = static_cast<int>(items.size());
  view["items"] = std::move(items);
  return Render("review_queue", view);
}

std::string PageRenderer::Review(const ReviewPageView& page) const {
  const ReviewState& st = page.state;
  std::string question = Str(page.article, "question");
  if (question.empty()) question = st.question;
  json view = Chrome("Review: " + question, Audience::kPhysician, asset_version_);
  view["reviewer"] = ReviewerChrome(page.reviewer);
  view["csrf"] = page.reviewer.csrf;
  view["question"] = question;
  view["slug"] = st.slug;
  view["audience"] = st.audience;
  view["audience_label"] =
      ParseAudience(st.audience) ? AudienceLabel(*ParseAudience(st.audience)) : st.audience;
  view["public_href"] = "/q/" + st.slug + "?audience=" + UrlEncodeComponent(st.audience);
  view["action_href"] = "/review/" + st.slug;
  view["status"] = ReviewStatusLabel(st.status);
  view["status_class"] = ReviewStatusName(st.status);
  view["from"] = ReviewStatusName(st.status);
  view["version"] = st.latest_version;
  view["hash"] = st.latest_hash;
  view["short_hash"] = st.latest_hash.substr(0, 12);
  view["approved_version"] = st.approved_version > 0 ? std::to_string(st.approved_version) : "";
  view["reviewed_by"] = JoinNames(json(st.reviewed_by));
  view["notice"] = page.notice;
  view["error"] = page.error;
  view["answerable"] = page.article.value("answerable", false);

  // The moves allowed from here, as the buttons of the action form.
  struct Action {
    ReviewStatus to;
    const char* label;
  };
  const Action actions[] = {{ReviewStatus::kUnderReview, "Start review"},
                            {ReviewStatus::kApproved, "Approve this version"},
                            {ReviewStatus::kChangesRequested, "Request changes"}};
  json buttons = json::array();
  for (const Action& a : actions) {
    if (!CheckReviewTransition(st.status, a.to).ok()) continue;
    bool reopen = a.to == ReviewStatus::kUnderReview && st.status != ReviewStatus::kSubmitted;
    buttons.push_back({{"to", ReviewStatusName(a.to)},
                       {"label", reopen ? "Reopen review" : a.label},
                       {"primary", a.to == ReviewStatus::kApproved}});
  }
  view["has_actions"] = !buttons.empty();
  view["actions"] = std::move(buttons);

  ArticleBody(page.article, &view);
  // Sources side by side: each reference with the passages the article takes from it.
  std::map<std::string, const PassageView*> by_id;
  for (const PassageView& p : page.passages) by_id[p.passage_id] = &p;
  std::map<int, std::vector<std::string>> passages_of;  // reference n -> passage ids
  if (page.article.contains("sections") && page.article["sections"].is_array()) {
    for (const auto& section : page.article["sections"]) {
      if (!section.contains("blocks") || !section["blocks"].is_array()) continue;
      for (const auto& block : section["blocks"]) {
        std::string id = Str(block, "passage_id");
        auto cites = block.find("citations");
        if (id.empty() || cites == block.end() || !cites->is_array() || cites->empty() ||
            !(*cites)[0].is_number_integer()) {
          continue;
        }
        auto& ids = passages_of[(*cites)[0].get<int>()];
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
      }
    }
  }
  for (auto& ref : view["references"]) {
    json texts = json::array();
    for (const std::string& id : passages_of[ref["n"].get<int>()]) {
      auto p = by_id.find(id);
      if (p == by_id.end()) continue;
      texts.push_back({{"id", id}, {"heading", p->second->heading}, {"text", p->second->text}});
    }
    ref["has_passages"] = !texts.empty();
    ref["passages"] = std::move(texts);
  }

  bool sees_all = page.reviewer.role != ReviewerRole::kReviewer;
  json events = json::array();
  for (auto it = page.events.rbegin(); it != page.events.rend(); ++it) {
    const ReviewEvent& e = *it;
    bool comment_visible = sees_all || e.actor == page.reviewer.username || e.actor == "system";
    std::string what = e.action == "comment"       ? "Comment"
                       : e.action == "created"     ? "Submitted"
                       : e.action == "new_version" ? "New version: back to Submitted"
                       : e.action == "flagged"
                           ? "Cited evidence withdrawn: back to Submitted"
                           : std::string(e.from ? ReviewStatusLabel(*e.from) : "") + " → " +
                                 ReviewStatusLabel(e.to);
    events.push_back({{"when", e.created_at},
                      {"who", e.actor},
                      {"what", what},
                      {"version", e.version},
                      {"short_hash", e.version_hash.substr(0, 12)},
                      {"hash", e.version_hash},
                      {"comment", comment_visible ? e.comment : ""},
                      {"comment_hidden", !comment_visible && !e.comment.empty()}});
  }
  view["events"] = std::move(events);
  view["sees_all_comments"] = sees_all;
  return Render("review", view);
}

std::string PageRenderer::Error(int status, const std::string& message) const {
  std::string title = status == 404   ? "Page not found"
                      : status == 503 ? "Busy right now"
                      : status < 500  ? "That request did not work"
                                      : "Something went wrong";
  json view = Chrome(title, Audience::kPhysician, asset_version_);
  view["status"] = status;
  view["title"] = title;
  view["message"] = message;
  return Render("error", view);
}

}  // namespace evident
