#include "eval/answer_evaluator.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <unordered_set>

#include "eval/lead_baseline.h"
#include "eval/report_stats.h"

namespace evident {

namespace {

struct BestRouge {
  RougeScore rouge_2, rouge_l;
};

// The best ROUGE-2 and (separately) the best ROUGE-L F1 of `text` over `references`.
BestRouge ScoreAgainst(const std::string& text, const std::vector<std::vector<std::string>>& refs,
                       RougeTokenizer& tokenizer) {
  std::vector<std::string> tokens = tokenizer.Tokenize(text);
  BestRouge best;
  for (const auto& ref : refs) {
    RougeScore r2 = RougeN(tokens, ref, 2);
    RougeScore rl = RougeL(tokens, ref);
    if (r2.f1 > best.rouge_2.f1) best.rouge_2 = r2;
    if (rl.f1 > best.rouge_l.f1) best.rouge_l = rl;
  }
  return best;
}

bool QuotesGold(const Article& article, const GoldQuestion& question) {
  std::unordered_set<std::string> gold(question.relevant.begin(), question.relevant.end());
  for (const ArticleSection& section : article.sections) {
    for (const ArticleBlock& block : section.blocks) {
      if (block.citations.empty()) continue;
      int n = block.citations.front();
      if (n >= 1 && n <= static_cast<int>(article.references.size()) &&
          gold.count(article.references[n - 1].id)) {
        return true;
      }
    }
  }
  return false;
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : " ") + p;
  return out;
}

Result<AnswerResult> EvaluateQuestion(const GoldQuestion& question, const AnswerFn& answer,
                                      Store* store, const BaselineFn& baseline,
                                      const AnswerEvalOptions& options, RougeTokenizer& tokenizer) {
  auto start = std::chrono::steady_clock::now();
  Result<Article> article = answer(question);
  std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
  if (!article.ok()) return article.status();

  AnswerResult r;
  r.id = question.id;
  r.type = question.type;
  r.answerable = article->answerable;
  r.confidence = article->confidence;
  r.took_ms = took.count();
  std::vector<std::string> sentences = AnswerSentences(*article);
  std::string text = Join(sentences);
  r.words = CountWords(text);
  r.sentences = sentences;
  r.gold_cited = QuotesGold(*article, question);
  auto citations = CheckCitations(*article, store);
  if (!citations.ok()) return citations.status();
  r.citations = std::move(*citations);

  r.has_reference = !question.ideal_answers.empty();
  if (!r.has_reference) return r;
  std::vector<std::vector<std::string>> refs;
  for (const std::string& ideal : question.ideal_answers) refs.push_back(tokenizer.Tokenize(ideal));
  BestRouge scores = ScoreAgainst(text, refs, tokenizer);
  r.rouge_2 = scores.rouge_2;
  r.rouge_l = scores.rouge_l;
  if (baseline) {
    auto lead = baseline(question, r.words);
    if (!lead.ok()) return lead.status();
    BestRouge lead_scores = ScoreAgainst(*lead, refs, tokenizer);
    r.lead_rouge_2 = lead_scores.rouge_2;
    r.lead_rouge_l = lead_scores.rouge_l;
    r.lead_text = std::move(*lead);
  }
  if (options.reference_is_conclusion) {
    r.conclusion = MatchConclusion(sentences, question.ideal_answers.front(), tokenizer);
  }
  return r;
}

void Add(const AnswerResult& r, RougeSummary* s) {
  ++s->questions;
  s->rouge_2_f1 += r.rouge_2.f1;
  s->rouge_l_f1 += r.rouge_l.f1;
  s->lead_rouge_2_f1 += r.lead_rouge_2.f1;
  s->lead_rouge_l_f1 += r.lead_rouge_l.f1;
  if (r.rouge_2.f1 > r.lead_rouge_2.f1) ++s->beats_lead;
}

void Average(RougeSummary* s) {
  if (s->questions == 0) return;
  double n = static_cast<double>(s->questions);
  s->rouge_2_f1 /= n;
  s->rouge_l_f1 /= n;
  s->lead_rouge_2_f1 /= n;
  s->lead_rouge_l_f1 /= n;
}

void Summarize(const AnswerEvalOptions& options, AnswerReport* report) {
  std::vector<double> latencies_ms;
  double confidence = 0;
  for (const AnswerResult& r : report->results) {
    ++report->questions;
    report->answerable += r.answerable;
    confidence += r.confidence;
    report->gold_cited += r.gold_cited;
    latencies_ms.push_back(r.took_ms);
    report->blocks_checked += r.citations.blocks_checked;
    report->blocks_valid += r.citations.blocks_valid;
    report->uncited_blocks += r.citations.uncited;
    report->glosses_checked += r.citations.glosses_checked;
    report->answers_with_violations += !r.citations.violations.empty();
    if (r.has_reference) {
      Add(r, &report->rouge_all);
      Add(r, &report->rouge_by_type[r.type]);
      bool focus = std::find(options.focus_types.begin(), options.focus_types.end(), r.type) !=
                   options.focus_types.end();
      if (focus) Add(r, &report->rouge_focus);
    }
    if (r.conclusion) {
      ++report->conclusions;
      report->conclusion_all += r.conclusion->all();
      report->conclusion_any += r.conclusion->any();
      report->conclusion_sentences += r.conclusion->sentences;
      report->conclusion_sentences_found += r.conclusion->found;
    }
  }
  if (report->questions > 0) report->mean_confidence = confidence / report->questions;
  Average(&report->rouge_all);
  Average(&report->rouge_focus);
  for (auto& [type, summary] : report->rouge_by_type) Average(&summary);
  std::sort(latencies_ms.begin(), latencies_ms.end());
  report->latency_p50_ms = NearestRankPercentile(latencies_ms, 50);
  report->latency_p99_ms = NearestRankPercentile(latencies_ms, 99);
  report->latency_max_ms = NearestRankPercentile(latencies_ms, 100);
}

std::string RougeRow(const std::string& label, const RougeSummary& s, bool baseline) {
  std::string row = fmt::format("  {:<16} {:>9} {:>9.4f} {:>9.4f}", label, s.questions,
                                s.rouge_2_f1, s.rouge_l_f1);
  if (baseline) {
    row += fmt::format(
        " {:>9.4f} {:>9.4f} {:>10}", s.lead_rouge_2_f1, s.lead_rouge_l_f1,
        fmt::format("{:.1f}%", s.questions == 0
                                   ? 0.0
                                   : 100.0 * s.beats_lead / static_cast<double>(s.questions)));
  }
  return row + "\n";
}

nlohmann::json RougeScoreToJson(const RougeScore& s) {
  return {{"precision", s.precision}, {"recall", s.recall}, {"f1", s.f1}};
}

nlohmann::json RougeSummaryToJson(const RougeSummary& s) {
  return {{"questions", s.questions},
          {"rouge_2_f1", s.rouge_2_f1},
          {"rouge_l_f1", s.rouge_l_f1},
          {"lead_rouge_2_f1", s.lead_rouge_2_f1},
          {"lead_rouge_l_f1", s.lead_rouge_l_f1},
          {"beats_lead", s.beats_lead}};
}

double Rate(size_t part, size_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

std::vector<std::string> AnswerSentences(const Article& article) {
  std::vector<std::string> sentences;
  if (!article.answerable) return sentences;
  for (const ArticleSection& section : article.sections) {
    for (const ArticleBlock& block : section.blocks) {
      if (block.kind != ArticleBlock::Kind::kSubheading && !block.text.empty()) {
        sentences.push_back(block.text);
      }
    }
  }
  return sentences;
}

Result<AnswerReport> EvaluateAnswers(const std::vector<GoldQuestion>& gold, const AnswerFn& answer,
                                     Store* store, const BaselineFn& baseline,
                                     const AnswerEvalOptions& options) {
  AnswerReport report;
  report.has_baseline = static_cast<bool>(baseline);
  report.focus_types = options.focus_types;
  RougeTokenizer tokenizer(options.stem);
  for (size_t i = 0; i < gold.size(); ++i) {
    auto result = EvaluateQuestion(gold[i], answer, store, baseline, options, tokenizer);
    if (!result.ok()) {
      return result.status().WithContext(
          fmt::format("question {} (id {}): \"{}\"", i, gold[i].id, gold[i].query));
    }
    report.results.push_back(std::move(*result));
    if (options.progress) options.progress(i + 1, gold.size());
  }
  Summarize(options, &report);
  return report;
}

std::string FormatAnswerReport(const AnswerReport& report) {
  std::string out;
  auto line = [&](const std::string& label, const std::string& value) {
    out += fmt::format("{:<30} {}\n", label, value);
  };
  line("questions", std::to_string(report.questions));
  line("answerable", FormatRatio(report.answerable, report.questions));
  line("mean confidence", fmt::format("{:.3f}", report.mean_confidence));
  line("gold document cited", FormatRatio(report.gold_cited, report.questions));
  if (report.conclusions > 0) {
    line("conclusion appears (all)", FormatRatio(report.conclusion_all, report.conclusions));
    line("conclusion appears (any)", FormatRatio(report.conclusion_any, report.conclusions));
    line("conclusion sentences found",
         FormatRatio(report.conclusion_sentences_found, report.conclusion_sentences));
  }
  line("citation validity", FormatRatio(report.blocks_valid, report.blocks_checked) + " blocks");
  line("uncited text blocks", std::to_string(report.uncited_blocks));
  if (report.glosses_checked > 0) {
    line("glosses checked", std::to_string(report.glosses_checked) + " (part of their blocks)");
  }
  line("answers with violations", FormatRatio(report.answers_with_violations, report.questions));
  line("latency p50", fmt::format("{:.1f} ms", report.latency_p50_ms));
  line("latency p99", fmt::format("{:.1f} ms", report.latency_p99_ms));
  line("latency max", fmt::format("{:.1f} ms", report.latency_max_ms));

  out += fmt::format("\nROUGE F1, Porter-stemmed, best over the reference answers{}\n",
                     report.has_baseline ? "; lead: lead baseline of the same length" : "");
  out += fmt::format("  {:<16} {:>9} {:>9} {:>9}", "questions", "n", "ROUGE-2", "ROUGE-L");
  if (report.has_baseline) {
    out += fmt::format(" {:>9} {:>9} {:>10}", "lead R-2", "lead R-L", "R-2 > lead");
  }
  out += "\n";
  std::string focus;
  for (const std::string& t : report.focus_types) focus += (focus.empty() ? "" : "+") + t;
  out += RougeRow(focus, report.rouge_focus, report.has_baseline);
  out += RougeRow("all", report.rouge_all, report.has_baseline);
  for (const auto& [type, summary] : report.rouge_by_type) {
    out += RougeRow(type, summary, report.has_baseline);
  }

  if (report.answers_with_violations > 0) {
    out += "\nCitation violations\n";
    for (const AnswerResult& r : report.results) {
      for (const CitationViolation& v : r.citations.violations) {
        out += fmt::format("  {}: {}: \"{}\"\n", r.id, v.reason, v.text);
      }
    }
  }
  return out;
}

nlohmann::json AnswerReportToJson(const AnswerReport& report) {
  nlohmann::json json = {
      {"questions", report.questions},
      {"answerable", report.answerable},
      {"answerable_rate", Rate(report.answerable, report.questions)},
      {"mean_confidence", report.mean_confidence},
      {"gold_cited", report.gold_cited},
      {"gold_cited_rate", Rate(report.gold_cited, report.questions)},
      {"citations",
       {{"blocks_checked", report.blocks_checked},
        {"blocks_valid", report.blocks_valid},
        {"validity", Rate(report.blocks_valid, report.blocks_checked)},
        {"uncited_blocks", report.uncited_blocks},
        {"glosses_checked", report.glosses_checked},
        {"answers_with_violations", report.answers_with_violations}}},
      {"latency_ms",
       {{"p50", report.latency_p50_ms},
        {"p99", report.latency_p99_ms},
        {"max", report.latency_max_ms}}},
      {"has_baseline", report.has_baseline},
      {"focus_types", report.focus_types},
      {"rouge_focus", RougeSummaryToJson(report.rouge_focus)},
      {"rouge_all", RougeSummaryToJson(report.rouge_all)},
  };
  nlohmann::json by_type = nlohmann::json::object();
  for (const auto& [type, summary] : report.rouge_by_type) {
    by_type[type] = RougeSummaryToJson(summary);
  }
  json["rouge_by_type"] = std::move(by_type);
  if (report.conclusions > 0) {
    json["conclusion"] = {{"questions", report.conclusions},
                          {"all", report.conclusion_all},
                          {"all_rate", Rate(report.conclusion_all, report.conclusions)},
                          {"any", report.conclusion_any},
                          {"any_rate", Rate(report.conclusion_any, report.conclusions)},
                          {"sentences", report.conclusion_sentences},
                          {"sentences_found", report.conclusion_sentences_found}};
  }
  nlohmann::json violations = nlohmann::json::array();
  nlohmann::json results = nlohmann::json::array();
  for (const AnswerResult& r : report.results) {
    for (const CitationViolation& v : r.citations.violations) {
      violations.push_back({{"id", r.id}, {"reason", v.reason}, {"text", v.text}});
    }
    nlohmann::json q = {{"id", r.id},
                        {"type", r.type},
                        {"answerable", r.answerable},
                        {"confidence", r.confidence},
                        {"took_ms", r.took_ms},
                        {"words", r.words},
                        {"gold_cited", r.gold_cited},
                        {"blocks_checked", r.citations.blocks_checked},
                        {"blocks_valid", r.citations.blocks_valid}};
    if (r.has_reference) {
      q["rouge_2"] = RougeScoreToJson(r.rouge_2);
      q["rouge_l"] = RougeScoreToJson(r.rouge_l);
      if (report.has_baseline) {
        q["lead_rouge_2"] = RougeScoreToJson(r.lead_rouge_2);
        q["lead_rouge_l"] = RougeScoreToJson(r.lead_rouge_l);
        q["lead_text"] = r.lead_text;
      }
    }
    if (!r.sentences.empty()) q["sentences"] = r.sentences;
    if (r.conclusion) {
      q["conclusion"] = {{"sentences", r.conclusion->sentences}, {"found", r.conclusion->found}};
    }
    results.push_back(std::move(q));
  }
  json["violations"] = std::move(violations);
  json["results"] = std::move(results);
  return json;
}

}  // namespace evident
