#include "query/abbreviations.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <tuple>

#include "common/ascii.h"

namespace evident {

namespace {

// Below this ADAM phrase score a pair is mostly a mis-alignment (IT -> "treatment").
constexpr double kMinAdamScore = 0.05;
// Dirichlet prior mass for P(term | sense) (Zhai & Lafferty 2001); small because the counts are
// passage counts of one long form, often only tens, and an unseen pairing should weigh.
constexpr double kContextSmoothing = 2.0;

using ascii::Lower;

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t end = s.find(sep, start);
    parts.push_back(s.substr(start, end == std::string_view::npos ? s.npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// "Neuroendocrine tumors" -> "neuroendocrine tumors"; "DNA polymerase" and "Food and Drug
// Administration" (a name: other words capitalised) stay.
std::string DisplayForm(std::string_view long_form) {
  std::string out(Trim(long_form));
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  for (size_t i = 1; i < out.size(); ++i) {
    if (out[i - 1] == ' ' && upper(out[i])) return out;
  }
  if (out.size() >= 2 && upper(out[0]) && !upper(out[1])) out[0] = static_cast<char>(out[0] + 32);
  return out;
}

bool ParseUint(std::string_view s, uint32_t* out) {
  if (s.empty()) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
    if (v > UINT32_MAX) return false;
  }
  *out = static_cast<uint32_t>(v);
  return true;
}

// ADAM: abbreviation \t variants \t "long form:count:score|…" \t score \t count.
template <typename Add>
Status ParseAdam(const std::string& path, Add add) {
  std::ifstream in(path);
  if (!in) return Status::IOError("reading " + path + ": cannot open");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto fields = Split(line, '\t');
    if (fields.size() != 5) continue;
    uint32_t count = 0;
    if (!ParseUint(Trim(fields[4]), &count)) continue;
    if (std::strtod(std::string(fields[3]).c_str(), nullptr) < kMinAdamScore) continue;
    // The first long-form variant is the most frequent one.
    std::string_view first = Split(fields[2], '|')[0];
    size_t score_colon = first.rfind(':');
    if (score_colon == std::string_view::npos) continue;
    size_t count_colon = first.rfind(':', score_colon - 1);
    if (count_colon == std::string_view::npos || count_colon == 0) continue;
    add(fields[0], first.substr(0, count_colon), count);
  }
  return Status::OK();
}

// Wikipedia: "abr","long_form" (quoted csv, no embedded quotes in this file).
template <typename Add>
Status ParseWikipedia(const std::string& path, Add add) {
  std::ifstream in(path);
  if (!in) return Status::IOError("reading " + path + ": cannot open");
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::string_view v = Trim(line);
    if (v.size() < 7 || v.front() != '"' || v.back() != '"') continue;
    v = v.substr(1, v.size() - 2);
    size_t sep = v.find("\",\"");
    if (sep == std::string_view::npos) continue;
    add(v.substr(0, sep), v.substr(sep + 3), 1);
  }
  return Status::OK();
}

// Vanderbilt: abbreviation \t sense \t variation ("GU_21|gu_3": surface_count) \t CUI \t freq.
template <typename Add>
Status ParseVanderbilt(const std::string& path, Add add) {
  std::ifstream in(path);
  if (!in) return Status::IOError("reading " + path + ": cannot open");
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    auto fields = Split(line, '\t');
    if (fields.size() < 5 || fields[0].find('_') != std::string_view::npos) continue;
    uint32_t count = 0;
    for (std::string_view variation : Split(fields[2], '|')) {
      size_t underscore = variation.rfind('_');
      uint32_t n = 0;
      if (underscore != std::string_view::npos && ParseUint(variation.substr(underscore + 1), &n)) {
        count += n;
      }
    }
    std::string_view sense = fields[1];
    if (sense.size() >= 2 && sense.front() == '"' && sense.back() == '"') {
      sense = sense.substr(1, sense.size() - 2);
    }
    add(fields[0], sense, std::max<uint32_t>(count, 1));
  }
  return Status::OK();
}

// True if the long form can spell the abbreviation (Schwartz & Hearst 2003): its letters and
// digits occur in the long form in order, the first at the start of a word. Rejects pairs such
// as mRNA -> "gene expression" or II -> "two" that co-occurred in MEDLINE but do not define each
// other.
bool CanAbbreviate(std::string_view abbr, std::string_view long_form) {
  std::string a, l = Lower(long_form);
  for (char c : Lower(abbr)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) a.push_back(c);
  }
  if (a.empty()) return false;
  auto is_alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  size_t li = l.size();
  for (size_t ai = a.size(); ai-- > 0;) {
    while (li > 0) {
      --li;
      const bool word_start = li == 0 || !is_alnum(l[li - 1]);
      if (l[li] == a[ai] && (ai > 0 || word_start)) break;
      if (li == 0) return false;
    }
    if (l[li] != a[ai]) return false;
    if (ai == 0) return li == 0 || !is_alnum(l[li - 1]);
    if (li == 0) return false;
  }
  return true;
}

// Index terms of a phrase: whole tokens only (parts of compounds are implied by the whole).
std::vector<std::string> PhraseTerms(std::string_view phrase, Analyzer& analyzer) {
  std::vector<std::string> terms;
  for (auto& token : analyzer.Analyze(phrase)) {
    if (token.is_part) continue;
    if (std::find(terms.begin(), terms.end(), token.term) == terms.end()) {
      terms.push_back(std::move(token.term));
    }
  }
  return terms;
}

}  // namespace

Result<AbbreviationDictionary> AbbreviationDictionary::Load(const std::string& dir) {
  std::vector<RawEntry> entries;
  auto add = [&](std::string_view abbr, std::string_view long_form, uint32_t count) {
    abbr = Trim(abbr);
    std::string lf = DisplayForm(long_form);
    if (abbr.empty() || abbr.size() > 32 || lf.empty() || lf.size() > 200) return;
    if (!CanAbbreviate(abbr, lf)) return;
    entries.push_back({Lower(abbr), std::move(lf), count});
  };
  const std::string sources = dir + "/sources/";
  Status st = ParseAdam(sources + "2-adam/adam_database", add);
  if (st.ok())
    st = ParseWikipedia(sources + "5-wikipedia/wikipedia_abbreviation_database.csv", add);
  if (st.ok()) st = ParseVanderbilt(sources + "4-vanderbilt/vanderbilt_clinic_notes.txt", add);
  if (st.ok()) st = ParseVanderbilt(sources + "4-vanderbilt/vanderbilt_discharge_sums.txt", add);
  if (!st.ok()) return st.WithContext("loading abbreviations");
  return Build(std::move(entries));
}

AbbreviationDictionary AbbreviationDictionary::FromEntries(
    const std::vector<std::tuple<std::string, std::string, uint32_t>>& entries) {
  std::vector<RawEntry> raw;
  for (const auto& [abbr, long_form, count] : entries) {
    raw.push_back({Lower(abbr), DisplayForm(long_form), count});
  }
  return Build(std::move(raw));
}

AbbreviationDictionary AbbreviationDictionary::Build(std::vector<RawEntry> entries) {
  // Merge the same sense from several sources (case-insensitively), then order each key's
  // senses by count.
  for (auto& e : entries) {
    if (e.long_form.size() > UINT16_MAX) e.long_form.resize(UINT16_MAX);
  }
  std::sort(entries.begin(), entries.end(), [](const RawEntry& a, const RawEntry& b) {
    return std::tie(a.key, a.long_form) < std::tie(b.key, b.long_form);
  });
  std::vector<RawEntry> merged;
  for (auto& e : entries) {
    if (!merged.empty() && merged.back().key == e.key &&
        Lower(merged.back().long_form) == Lower(e.long_form)) {
      merged.back().count += e.count;
      continue;
    }
    merged.push_back(std::move(e));
  }
  std::stable_sort(merged.begin(), merged.end(), [](const RawEntry& a, const RawEntry& b) {
    if (a.key != b.key) return a.key < b.key;
    return a.count > b.count;
  });

  AbbreviationDictionary dict;
  for (size_t i = 0; i < merged.size();) {
    size_t j = i;
    Key key{static_cast<uint32_t>(dict.arena_.size()), static_cast<uint16_t>(merged[i].key.size()),
            static_cast<uint32_t>(dict.senses_.size()), 0};
    dict.arena_ += merged[i].key;
    for (; j < merged.size() && merged[j].key == merged[i].key; ++j) {
      dict.senses_.push_back({static_cast<uint32_t>(dict.arena_.size()),
                              static_cast<uint16_t>(merged[j].long_form.size()), merged[j].count});
      dict.arena_ += merged[j].long_form;
    }
    key.num_senses = static_cast<uint32_t>(j - i);
    dict.keys_.push_back(key);
    i = j;
  }
  dict.arena_.shrink_to_fit();
  dict.keys_.shrink_to_fit();
  dict.senses_.shrink_to_fit();
  return dict;
}

const AbbreviationDictionary::Key* AbbreviationDictionary::Find(std::string_view abbr) const {
  const std::string lower = Lower(abbr);
  auto it = std::lower_bound(
      keys_.begin(), keys_.end(), lower,
      [&](const Key& k, const std::string& s) { return Text(k.offset, k.length) < s; });
  if (it == keys_.end() || Text(it->offset, it->length) != lower) return nullptr;
  return &*it;
}

bool AbbreviationDictionary::Contains(std::string_view abbr) const { return Find(abbr) != nullptr; }

std::vector<AbbreviationSense> AbbreviationDictionary::Senses(std::string_view abbr) const {
  std::vector<AbbreviationSense> out;
  const Key* key = Find(abbr);
  if (key == nullptr) return out;
  for (uint32_t i = 0; i < key->num_senses; ++i) {
    const Sense& s = senses_[key->first_sense + i];
    out.push_back({Text(s.offset, s.length), s.count});
  }
  return out;
}

std::vector<AbbreviationExpansion> AbbreviationDictionary::Expand(
    std::string_view abbr, const std::vector<std::string>& context_terms, const CorpusStats& stats,
    Analyzer& analyzer, const ExpandOptions& options) const {
  std::vector<AbbreviationExpansion> out;
  std::vector<AbbreviationSense> senses = Senses(abbr);
  if (senses.empty()) return out;
  if (senses.size() > options.max_senses_scored) senses.resize(options.max_senses_scored);

  // The abbreviation as the index keeps it; empty for stop words ("ALL", "IT").
  const std::string abbr_term = analyzer.NormalizeWord(abbr);
  const bool abbr_indexed = !abbr_term.empty() && stats.DocFreq(abbr_term) > 0;

  // The rarest context terms carry the sense; frequent ones ("patients") barely separate senses.
  std::vector<std::pair<uint32_t, std::string>> context;
  for (const auto& t : context_terms) {
    if (t == abbr_term) continue;
    uint32_t df = stats.DocFreq(t);
    if (df > 0) context.emplace_back(df, t);
  }
  std::sort(context.begin(), context.end());
  context.erase(std::unique(context.begin(), context.end()), context.end());
  if (context.size() > options.max_context_terms) context.resize(options.max_context_terms);
  if (!abbr_indexed && context.empty()) return out;  // nothing can support a sense

  const bool unambiguous = senses.size() == 1;
  uint32_t total_count = 0;
  for (const auto& s : senses) total_count += s.count;
  const double num_passages = std::max<uint32_t>(stats.NumPassages(), 1);

  struct Scored {
    std::string long_form;
    std::vector<std::string> terms;
    uint32_t support;
    uint32_t sense_df;
    double log_score;
    double probability = 0;
  };
  std::vector<Scored> scored;
  for (const auto& sense : senses) {
    if (!abbr_indexed && sense.count < options.min_count_if_not_indexed) continue;
    std::vector<std::string> terms = PhraseTerms(sense.long_form, analyzer);
    if (terms.empty() || (terms.size() == 1 && terms[0] == abbr_term)) continue;
    // Senses that only differ in spelling or number ("tumors"/"tumours") count once.
    bool duplicate = std::any_of(scored.begin(), scored.end(), [&](const Scored& s) {
      return std::set<std::string>(s.terms.begin(), s.terms.end()) ==
             std::set<std::string>(terms.begin(), terms.end());
    });
    if (duplicate) continue;
    const uint32_t sense_df = stats.CoFreq(terms, {});
    if (sense_df == 0) continue;
    uint32_t support;
    if (abbr_indexed) {
      support = stats.CoFreq(terms, {abbr_term});
      if (unambiguous) support = std::max(support, sense_df);
    } else {
      std::vector<std::string> any;
      for (const auto& [df, t] : context) any.push_back(t);
      support = stats.CoFreq(terms, any);
    }
    if (support < options.min_support) continue;
    // log P(sense | abbr): passages showing both, plus the source's share as a prior.
    double log_score =
        std::log(support + static_cast<double>(sense.count) / std::max<uint32_t>(total_count, 1));
    // + Σ log P(t | sense), Dirichlet-smoothed towards P(t) in the corpus.
    double best_lift = 0;
    for (const auto& [df, t] : context) {
      const double p_t = df / num_passages;
      const double co = stats.CoFreq(terms, {t});
      log_score += std::log((co + kContextSmoothing * p_t) / (sense_df + kContextSmoothing));
      if (co >= options.min_support) best_lift = std::max(best_lift, co / sense_df / p_t);
    }
    // An abbreviation the index cannot confirm ("ALL") needs a context word that goes with the
    // sense far more than chance ("children" with acute lymphoblastic leukemia).
    if (!abbr_indexed && best_lift < options.min_context_lift_if_not_indexed) continue;
    scored.push_back(
        {std::string(sense.long_form), std::move(terms), support, sense_df, log_score});
  }
  if (scored.empty()) return out;

  double max_log = scored[0].log_score;
  for (const auto& s : scored) max_log = std::max(max_log, s.log_score);
  double sum = 0;
  for (const auto& s : scored) sum += std::exp(s.log_score - max_log);
  for (auto& s : scored) s.probability = std::exp(s.log_score - max_log) / sum;
  // A truncated long form ("acute myeloid") gives its probability to the fuller one.
  auto subset = [](const std::vector<std::string>& a, const std::vector<std::string>& b) {
    return a.size() < b.size() && std::all_of(a.begin(), a.end(), [&](const std::string& t) {
             return std::find(b.begin(), b.end(), t) != b.end();
           });
  };
  for (auto& s : scored) {
    Scored* fuller = nullptr;
    for (auto& other : scored) {
      if (&other != &s && other.probability > 0 && subset(s.terms, other.terms) &&
          (fuller == nullptr || other.probability > fuller->probability)) {
        fuller = &other;
      }
    }
    if (fuller != nullptr) {
      fuller->probability += s.probability;
      s.probability = 0;
    }
  }
  const uint32_t abbr_df = abbr_indexed ? stats.DocFreq(abbr_term) : 0;
  for (auto& s : scored) {
    if (s.probability >= options.min_confidence) {
      out.push_back({std::move(s.long_form), s.probability, s.support, s.sense_df, abbr_df});
    }
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.confidence > b.confidence; });
  return out;
}

}  // namespace evident
