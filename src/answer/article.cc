#include "answer/article.h"

#include <cctype>
#include <sstream>

namespace evident {

namespace {

constexpr int kMaxSlugWords = 10;
//! Pages are addressed /q/{slug}, where the server accepts at most 200 characters, and a slug
//! another question has taken gets a 7-character suffix. 150 leaves the slugs of real questions
//! as they were: the longest of the 2,483 BioASQ and PubMedQA dev questions' is 104.
constexpr size_t kMaxSlugChars = 150;

std::string CitationMarks(const std::vector<int>& citations) {
  if (citations.empty()) return "";
  std::string out = " [";
  for (size_t i = 0; i < citations.size(); ++i) {
    if (i) out += ", ";
    out += std::to_string(citations[i]);
  }
  return out + "]";
}

// A Markdown table cell: pipes and line breaks would end the cell early.
std::string TableCell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

std::string ReferenceLine(const ArticleReference& r) {
  std::string line = r.title.empty() ? r.id : r.title;
  while (!line.empty() && (line.back() == '.' || line.back() == ' ')) line.pop_back();
  if (!r.source.empty()) line += ". " + r.source;
  if (r.year) line += ", " + std::to_string(r.year);
  line += ". " + r.evidence_label;
  if (r.study_size) line += " (n = " + std::to_string(*r.study_size) + ")";
  if (r.cited_by) line += " — cited by [" + std::to_string(*r.cited_by) + "]";
  if (!r.in_corpus) line += ", not in the local corpus";
  line += ". " + r.id;
  if (!r.url.empty()) line += " " + r.url;
  return line;
}

// A gloss as the text renderers show it under its block: "neuroblastoma: a type of cancer that
// forms in nerve tissue [7]", the term between `emphasis` marks.
std::string GlossLine(const ArticleGloss& g, const std::string& emphasis) {
  return emphasis + g.term + emphasis + ": " + g.gloss + CitationMarks({g.citation});
}

// Greedy word wrap with a hanging indent.
std::string Wrap(const std::string& text, int width, const std::string& first,
                 const std::string& rest) {
  std::istringstream words(text);
  std::string word, out, line = first;
  bool empty_line = true;
  while (words >> word) {
    if (!empty_line && static_cast<int>(line.size() + 1 + word.size()) > width) {
      out += line + "\n";
      line = rest;
      empty_line = true;
    }
    line += (empty_line ? "" : " ") + word;
    empty_line = false;
  }
  return out + line + "\n";
}

}  // namespace

const char* BlockKindName(ArticleBlock::Kind kind) {
  switch (kind) {
    case ArticleBlock::Kind::kParagraph:
      return "paragraph";
    case ArticleBlock::Kind::kBullet:
      return "bullet";
    case ArticleBlock::Kind::kSubheading:
      return "subheading";
  }
  return "paragraph";
}

nlohmann::json ComposerReportToJson(const ComposerReport& report) {
  nlohmann::json out = {{"composer", report.composer}};
  if (report.model.empty() && report.fallback_reason.empty()) return out;
  nlohmann::json dropped = nlohmann::json::array();
  for (const auto& d : report.dropped) dropped.push_back({{"text", d.text}, {"reason", d.reason}});
  out["model"] = report.model;
  out["fallback"] = !report.fallback_reason.empty();
  out["reply_sentences"] = report.reply_sentences;
  out["kept"] = report.kept;
  out["dropped"] = static_cast<int>(report.dropped.size());
  out["dropped_sentences"] = std::move(dropped);
  if (!report.fallback_reason.empty()) out["fallback_reason"] = report.fallback_reason;
  return out;
}

nlohmann::json ArticleToJson(const Article& a) {
  nlohmann::json sections = nlohmann::json::array();
  for (const auto& s : a.sections) {
    nlohmann::json blocks = nlohmann::json::array();
    for (const auto& b : s.blocks) {
      nlohmann::json block = {
          {"kind", BlockKindName(b.kind)}, {"text", b.text}, {"citations", b.citations}};
      if (!b.label.empty()) block["label"] = b.label;
      if (!b.passage_id.empty()) block["passage_id"] = b.passage_id;
      if (!b.glosses.empty()) {
        nlohmann::json glosses = nlohmann::json::array();
        for (const auto& g : b.glosses) {
          glosses.push_back({{"term", g.term},
                             {"begin", g.begin},
                             {"end", g.end},
                             {"gloss", g.gloss},
                             {"definition", g.definition},
                             {"citation", g.citation},
                             {"passage_id", g.passage_id}});
        }
        block["glosses"] = std::move(glosses);
      }
      blocks.push_back(std::move(block));
    }
    sections.push_back({{"heading", s.heading}, {"blocks", std::move(blocks)}});
  }
  nlohmann::json refs = nlohmann::json::array();
  for (const auto& r : a.references) {
    nlohmann::json ref = {{"n", r.n},
                          {"id", r.id},
                          {"passage_id", r.passage_id.empty() ? nlohmann::json(nullptr)
                                                              : nlohmann::json(r.passage_id)},
                          {"title", r.title},
                          {"source", r.source},
                          {"evidence_level", r.evidence_level},
                          {"year", r.year ? nlohmann::json(r.year) : nlohmann::json(nullptr)},
                          {"url", r.url},
                          {"in_corpus", r.in_corpus}};
    if (r.study_size) ref["study_size"] = *r.study_size;
    if (r.cited_by) ref["cited_by"] = *r.cited_by;
    if (r.untitled) ref["untitled"] = true;
    refs.push_back(std::move(ref));
  }
  nlohmann::json out = {{"question", a.question},
                        {"slug", a.slug},
                        {"audience", a.audience},
                        {"question_type", a.question_type},
                        {"confidence", a.confidence},
                        {"answerable", a.answerable},
                        {"last_updated", a.last_updated},
                        {"sections", std::move(sections)},
                        {"references", std::move(refs)},
                        {"disclaimer", a.disclaimer},
                        {"composer", ComposerReportToJson(a.composer)}};
  if (!a.resolved_question.empty() && a.resolved_question != a.question) {
    out["resolved_question"] = a.resolved_question;
  }
  if (!a.conversation_id.empty()) out["conversation_id"] = a.conversation_id;
  if (!a.nearest_topics.empty()) out["nearest_topics"] = a.nearest_topics;
  return out;
}

std::string RenderMarkdown(const Article& a) {
  std::string out = "# " + a.question + "\n\n";
  if (!a.resolved_question.empty() && a.resolved_question != a.question) {
    out += "*Understood as: " + a.resolved_question + "*\n\n";
  }
  out += "Audience: " + a.audience + " · Last updated " + a.last_updated + " · Confidence " +
         std::to_string(static_cast<int>(a.confidence * 100 + 0.5)) + "%\n\n";
  for (const auto& s : a.sections) {
    out += "## " + s.heading + "\n\n";
    bool in_list = false;
    for (const auto& b : s.blocks) {
      if (b.kind != ArticleBlock::Kind::kBullet && in_list) {
        out += "\n";
        in_list = false;
      }
      switch (b.kind) {
        case ArticleBlock::Kind::kSubheading:
          out += "**" + b.text + "**\n\n";
          break;
        case ArticleBlock::Kind::kBullet:
          out += "- " + (b.label.empty() ? "" : "*" + b.label + "* — ") + b.text +
                 CitationMarks(b.citations) + "\n";
          for (const auto& g : b.glosses) out += "  > " + GlossLine(g, "*") + "\n";
          in_list = true;
          break;
        case ArticleBlock::Kind::kParagraph:
          out += b.text + CitationMarks(b.citations) + "\n\n";
          for (const auto& g : b.glosses) out += "> " + GlossLine(g, "*") + "\n\n";
          break;
      }
    }
    if (in_list) out += "\n";
  }
  if (!a.nearest_topics.empty()) {
    out += "## Nearest topics in the corpus\n\n";
    for (const auto& t : a.nearest_topics) out += "- " + t + "\n";
    out += "\n";
  }
  if (!a.references.empty()) {
    out +=
        "## Evidence overview\n\n| # | source | evidence level | year | study size |\n"
        "|---|---|---|---|---|\n";
    for (const auto& r : a.references) {
      out += "| " + std::to_string(r.n) + " | " + TableCell(r.title.empty() ? r.id : r.title) +
             " | " + r.evidence_label + " | " + (r.year ? std::to_string(r.year) : "—") + " | " +
             (r.study_size ? std::to_string(*r.study_size) : "—") + " |\n";
    }
    out += "\n## References\n\n";
    for (const auto& r : a.references) out += std::to_string(r.n) + ". " + ReferenceLine(r) + "\n";
    out += "\n";
  }
  out += "*" + a.disclaimer + "*\n";
  return out;
}

std::string RenderTerminal(const Article& a, int width) {
  std::string out =
      a.question + "\n" + std::string(std::min<size_t>(a.question.size(), width), '=') + "\n";
  if (!a.resolved_question.empty() && a.resolved_question != a.question) {
    out += Wrap("(understood as: " + a.resolved_question + ")", width, "", "");
  }
  out += a.audience + " · updated " + a.last_updated + " · confidence " +
         std::to_string(static_cast<int>(a.confidence * 100 + 0.5)) + "%\n\n";
  for (const auto& s : a.sections) {
    out += s.heading + "\n" + std::string(s.heading.size(), '-') + "\n";
    for (const auto& b : s.blocks) {
      switch (b.kind) {
        case ArticleBlock::Kind::kSubheading:
          out += "\n" + b.text + "\n";
          break;
        case ArticleBlock::Kind::kBullet:
          out += Wrap((b.label.empty() ? "" : b.label + ": ") + b.text + CitationMarks(b.citations),
                      width, "  • ", "    ");
          for (const auto& g : b.glosses) out += Wrap(GlossLine(g, ""), width, "      ", "      ");
          break;
        case ArticleBlock::Kind::kParagraph:
          out += Wrap(b.text + CitationMarks(b.citations), width, "", "");
          for (const auto& g : b.glosses) out += Wrap(GlossLine(g, ""), width, "    ", "    ");
          out += "\n";
          break;
      }
    }
    out += "\n";
  }
  if (!a.nearest_topics.empty()) {
    out += "Nearest topics in the corpus\n";
    for (const auto& t : a.nearest_topics) out += Wrap(t, width, "  • ", "    ");
    out += "\n";
  }
  if (!a.references.empty()) {
    out += "References\n";
    for (const auto& r : a.references) {
      std::string n = std::to_string(r.n) + ". ";
      out += Wrap(ReferenceLine(r), width, n.size() < 4 ? std::string(4 - n.size(), ' ') + n : n,
                  "    ");
    }
    out += "\n";
  }
  out += Wrap(a.disclaimer, width, "", "");
  return out;
}

std::string Slugify(const std::string& question) {
  // Drop parenthetical asides.
  std::string text;
  int depth = 0;
  for (char c : question) {
    if (c == '(') ++depth;
    if (depth == 0) text += c;
    if (c == ')' && depth > 0) --depth;
  }
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(word);
    word.clear();
  };
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      word += static_cast<char>(std::tolower(u));
    } else if (u >= 0x80) {
      continue;  // non-ASCII letters are dropped from the slug, not turned into breaks
    } else {
      flush();
    }
  }
  flush();
  static const char* const kLeading[] = {
      "what", "which", "how", "why",   "when",   "who", "is", "are", "was",   "were", "does",
      "do",   "did",   "can", "could", "should", "the", "a",  "an",  "there", "about"};
  size_t start = 0;
  while (start < words.size() && start < 4 &&
         std::find(std::begin(kLeading), std::end(kLeading), words[start]) != std::end(kLeading)) {
    ++start;
  }
  if (start == words.size()) start = 0;
  std::string slug;
  for (size_t i = start; i < words.size() && i < start + kMaxSlugWords; ++i) {
    if (!slug.empty() && slug.size() + 1 + words[i].size() > kMaxSlugChars) break;
    if (!slug.empty()) slug += '-';
    slug += words[i].substr(0, kMaxSlugChars);
  }
  return slug.empty() ? "question" : slug;
}

}  // namespace evident
