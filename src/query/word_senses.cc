#include "query/word_senses.h"

#include <array>
#include <cstdint>
#include <unordered_set>
#include <vector>

#include "common/ascii.h"
#include "common/input_file.h"

namespace evident {

namespace {

// WordNet's parts of speech, as its files name them.
constexpr std::array<const char*, 3> kPosFiles = {"noun", "verb", "adj"};

// Senses everything medical descends from ("lemma.pos.rank", as NLTK names synsets).
constexpr std::array<const char*, 28> kMedicalAnchors = {
    "disease.n.01",       "illness.n.01",
    "disorder.n.01",      "syndrome.n.02",
    "symptom.n.01",       "pain.n.01",
    "injury.n.01",        "infection.n.01",
    "infection.n.03",     "tumor.n.01",
    "drug.n.01",          "medicine.n.01",
    "medicine.n.02",      "medicine.n.03",
    "medical_care.n.01",  "medical_procedure.n.01",
    "patient.n.01",       "health_professional.n.01",
    "cell.n.02",          "gene.n.01",
    "protein.n.01",       "enzyme.n.01",
    "hormone.n.01",       "vitamin.n.01",
    "microorganism.n.01", "body_substance.n.01",
    "vaccine.n.01",       "medical_instrument.n.01"};

// Fields whose topics are medical: a synset whose topic domain is one of these, or whose gloss
// opens with "(field)", is medical.
const std::unordered_set<std::string_view>& MedicalFields() {
  static const std::unordered_set<std::string_view> fields = {
      "medicine",   "biology",     "genetics",      "virology",     "microbiology",
      "pathology",  "anatomy",     "physiology",    "pharmacology", "biochemistry",
      "immunology", "psychiatry",  "surgery",       "obstetrics",   "dentistry",
      "neurology",  "oncology",    "ophthalmology", "dermatology",  "cardiology",
      "embryology", "histology",   "cytology",      "bacteriology", "endocrinology",
      "gynecology", "pediatrics",  "toxicology",    "hematology",   "radiology",
      "urology",    "orthopedics", "psychology",    "nutrition",    "medical_science"};
  return fields;
}

// Words whose presence in a gloss's definition makes its sense medical.
const std::unordered_set<std::string_view>& MedicalGlossWords() {
  static const std::unordered_set<std::string_view> words = {
      "medical",   "medicine",   "medicinal",  "disease",     "diseases", "illness",
      "illnesses", "disorder",   "patient",    "patients",    "drug",     "drugs",
      "blood",     "infection",  "infections", "infectious",  "surgical", "surgery",
      "physician", "physicians", "therapy",    "therapeutic", "symptom",  "symptoms",
      "tumor",     "tumors",     "cancer",     "cancerous",   "clinical", "pathological",
      "injury",    "injuries",   "pathogen",   "pathogenic",  "immune",   "immunity",
      "antibody",  "antibodies", "vaccine",    "injection",   "injected", "hospital",
      "nurse",     "diagnosis",  "diagnostic", "treatment",   "health",   "pregnancy",
      "pregnant",  "childbirth"};
  return words;
}

// Lexicographer files (lexnames(5WN)) of everyday things. People, groups, events, time and
// phenomena are not among them: medical questions are full of them ("infants", "cohort",
// "outcome", "episodes", "radiation").
bool IsEverydayFile(int lexfile) {
  switch (lexfile) {
    case 5:   // noun.animal
    case 6:   // noun.artifact
    case 10:  // noun.communication
    case 13:  // noun.food
    case 15:  // noun.location
    case 17:  // noun.object
    case 20:  // noun.plant
    case 21:  // noun.possession
    case 25:  // noun.shape
    case 33:  // verb.competition
    case 36:  // verb.creation
    case 38:  // verb.motion
    case 40:  // verb.possession
    case 43:  // verb.weather
      return true;
    default:
      return false;
  }
}

bool IsBodyFile(int lexfile) { return lexfile == 8 || lexfile == 29; }  // noun.body, verb.body

// Morphy's detachment rules (morphy(7WN)), by part of speech: suffix -> ending.
struct Detachment {
  std::string_view suffix, ending;
};
constexpr std::array<Detachment, 8> kNounRules = {{{"s", ""},
                                                   {"ses", "s"},
                                                   {"xes", "x"},
                                                   {"zes", "z"},
                                                   {"ches", "ch"},
                                                   {"shes", "sh"},
                                                   {"men", "man"},
                                                   {"ies", "y"}}};
constexpr std::array<Detachment, 8> kVerbRules = {{{"s", ""},
                                                   {"ies", "y"},
                                                   {"es", "e"},
                                                   {"es", ""},
                                                   {"ed", "e"},
                                                   {"ed", ""},
                                                   {"ing", "e"},
                                                   {"ing", ""}}};
constexpr std::array<Detachment, 4> kAdjRules = {
    {{"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"}}};

// A synset has at most a few dozen ancestors in WordNet 3.0; this bounds a walk over bad data.
constexpr size_t kMaxAncestorsWalked = 256;

uint64_t Key(int part, uint64_t offset) { return (static_cast<uint64_t>(part) << 32) | offset; }

int PartIndex(std::string_view pos) {
  if (pos == "n") return 0;
  if (pos == "v") return 1;
  if (pos == "a" || pos == "s") return 2;
  return -1;  // adverbs are not read
}

// Splits on single spaces, as WordNet's files are written.
std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < line.size()) {
    size_t end = line.find(' ', start);
    if (end == std::string_view::npos) end = line.size();
    if (end > start) out.push_back(line.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool ParseUint(std::string_view s, int base, uint64_t* out) {
  if (s.empty() || s.size() > 12) return false;
  uint64_t v = 0;
  for (char c : s) {
    int d;
    if (ascii::IsDigit(c)) {
      d = c - '0';
    } else if (base == 16 && c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else {
      return false;
    }
    v = v * base + d;
  }
  *out = v;
  return true;
}

std::string_view Text(const MappedFile& file) {
  return {reinterpret_cast<const char*>(file.data()), file.size()};
}

// The line of `text` that holds byte `at`.
std::string_view LineAt(std::string_view text, size_t at) {
  size_t start = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
  start = start == std::string_view::npos ? 0 : start + 1;
  size_t end = text.find('\n', start);
  if (end == std::string_view::npos) end = text.size();
  return text.substr(start, end - start);
}

std::string_view FirstField(std::string_view line) { return line.substr(0, line.find(' ')); }

// Byte offset of the first line of a sorted file whose first field is >= `key` (licence lines,
// which start with spaces, sort first); text.size() if none is.
size_t LowerBound(std::string_view text, std::string_view key) {
  // Invariant: `lo` is a line start; lines starting before it sort below `key`, lines starting
  // at or after `hi` do not.
  size_t lo = 0, hi = text.size();
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    size_t start = mid;
    if (mid > lo) {
      const size_t nl = text.find('\n', mid - 1);
      start = nl == std::string_view::npos ? text.size() : nl + 1;
    }
    if (start >= hi) start = lo;  // no line starts in [mid, hi): step from lo, line by line
    const std::string_view line = LineAt(text, start);
    if (FirstField(line) < key) {
      lo = start + line.size() + 1;
    } else {
      hi = start;
    }
  }
  return std::min(lo, text.size());
}

// The line of a sorted file whose first field is `key`, or empty.
std::string_view FindLine(std::string_view text, std::string_view key) {
  const size_t at = LowerBound(text, key);
  if (at >= text.size()) return {};
  const std::string_view line = LineAt(text, at);
  return FirstField(line) == key ? line : std::string_view();
}

bool GlossIsMedical(std::string_view gloss) {
  // "(medicine) any sensation or change in bodily function ...; \"example\""
  gloss = gloss.substr(0, gloss.find(';'));
  const std::string lower = ascii::Lower(gloss);
  std::string_view g = ascii::Trim(lower);
  if (!g.empty() && g.front() == '(') {
    const size_t close = g.find(')');
    if (close != std::string_view::npos) {
      for (std::string_view w : Fields(g.substr(1, close - 1))) {
        if (MedicalFields().count(w) > 0) return true;
      }
    }
  }
  size_t i = 0;
  while (i < g.size()) {
    while (i < g.size() && !ascii::IsAlpha(g[i])) ++i;
    size_t j = i;
    while (j < g.size() && ascii::IsAlpha(g[j])) ++j;
    if (j > i && MedicalGlossWords().count(g.substr(i, j - i)) > 0) return true;
    i = j;
  }
  return false;
}

}  // namespace

struct WordSenses::Synset {
  int lexfile = 0;
  bool medical_gloss = false;  // "(medicine) ..." or a medical word in its definition
  bool names_field = false;    // one of its words is a medical field ("surgery")
  std::vector<uint64_t> hypernyms, topics;
};

Result<WordSenses> WordSenses::Load(const std::string& dir) {
  WordSenses out;
  auto open = [&](const std::string& name, std::shared_ptr<MappedFile>* file) -> Status {
    auto mapped = MappedFile::Open(dir + "/" + name);
    if (!mapped.ok()) {
      return Status::NotFound(dir + "/" + name + ": " + mapped.status().message() +
                              " (install wordnet-base; scripts/setup)")
          .WithContext("loading WordNet");
    }
    *file = std::move(*mapped);
    return Status::OK();
  };
  for (int part = 0; part < kParts; ++part) {
    const std::string pos = kPosFiles[part];
    for (auto [name, file] :
         {std::pair{"data." + pos, &out.data_[part]}, std::pair{"index." + pos, &out.index_[part]},
          std::pair{pos + ".exc", &out.exceptions_[part]}}) {
      Status s = open(name, file);
      if (!s.ok()) return s;
    }
  }
  for (std::string_view name : kMedicalAnchors) {
    const size_t dot2 = name.rfind('.'), dot1 = name.rfind('.', dot2 - 1);
    const int part = PartIndex(name.substr(dot1 + 1, dot2 - dot1 - 1));
    const std::vector<std::string_view> f =
        Fields(FindLine(Text(*out.index_[part]), name.substr(0, dot1)));
    uint64_t rank, count, pointers, offset;
    if (f.size() >= 4 && ParseUint(name.substr(dot2 + 1), 10, &rank) &&
        ParseUint(f[2], 10, &count) && ParseUint(f[3], 10, &pointers) && rank >= 1 &&
        rank <= count && f.size() >= 6 + pointers + count &&
        ParseUint(f[5 + pointers + rank], 10, &offset)) {
      out.anchors_.insert(Key(part, offset));
    }
  }
  return out;
}

std::optional<WordSenses::Synset> WordSenses::ReadSynset(uint64_t key) const {
  const int part = static_cast<int>(key >> 32);
  const uint64_t offset = key & 0xffffffffu;
  if (part >= kParts) return std::nullopt;
  const std::string_view text = Text(*data_[part]);
  if (offset >= text.size() || (offset > 0 && text[offset - 1] != '\n')) return std::nullopt;
  const std::string_view line = LineAt(text, offset);
  const size_t bar = line.find(" | ");
  const std::vector<std::string_view> f = Fields(line.substr(0, bar));
  uint64_t own_offset, lexfile, words, pointers;
  if (f.size() < 5 || !ParseUint(f[0], 10, &own_offset) || own_offset != offset ||
      !ParseUint(f[1], 10, &lexfile) || !ParseUint(f[3], 16, &words) || f.size() < 5 + 2 * words ||
      !ParseUint(f[4 + 2 * words], 10, &pointers) || f.size() < 5 + 2 * words + 4 * pointers) {
    return std::nullopt;
  }
  Synset synset;
  synset.lexfile = static_cast<int>(lexfile);
  for (uint64_t w = 0; w < words; ++w) {
    if (MedicalFields().count(ascii::Lower(f[4 + 2 * w])) > 0) synset.names_field = true;
  }
  for (uint64_t p = 0; p < pointers; ++p) {
    const size_t at = 5 + 2 * words + 4 * p;
    const int target_part = PartIndex(f[at + 2]);
    uint64_t target;
    if (target_part < 0 || !ParseUint(f[at + 1], 10, &target)) continue;
    if (f[at] == "@" || f[at] == "@i") synset.hypernyms.push_back(Key(target_part, target));
    if (f[at] == ";c") synset.topics.push_back(Key(target_part, target));
  }
  synset.medical_gloss = bar != std::string_view::npos && GlossIsMedical(line.substr(bar + 3));
  return synset;
}

bool WordSenses::IsAnchored(uint64_t key) const {
  // Depth-first over the hypernyms, each synset once: a synset has a few dozen ancestors.
  std::vector<uint64_t> stack = {key};
  std::unordered_set<uint64_t> seen = {key};
  while (!stack.empty() && seen.size() <= kMaxAncestorsWalked) {
    const uint64_t k = stack.back();
    stack.pop_back();
    if (anchors_.count(k) > 0) return true;
    const std::optional<Synset> synset = ReadSynset(k);
    if (!synset) continue;
    for (uint64_t h : synset->hypernyms) {
      if (seen.insert(h).second) stack.push_back(h);
    }
  }
  return false;
}

bool WordSenses::IsMedical(uint64_t key, const Synset& synset) const {
  if (IsBodyFile(synset.lexfile) || synset.medical_gloss) return true;
  for (uint64_t topic : synset.topics) {
    const std::optional<Synset> t = ReadSynset(topic);
    if (t && (t->names_field || IsAnchored(topic))) return true;
  }
  return IsAnchored(key);
}

std::string WordSenses::LemmaOf(const std::string& word) const {
  auto known = [&](const std::string& lemma) {
    for (const auto& index : index_) {
      if (!FindLine(Text(*index), lemma).empty()) return true;
    }
    return false;
  };
  if (known(word)) return word;
  for (const auto& exceptions : exceptions_) {
    const std::vector<std::string_view> f = Fields(FindLine(Text(*exceptions), word));
    if (f.size() >= 2 && known(std::string(f[1]))) return std::string(f[1]);
  }
  auto detach = [&](const auto& rules) -> std::string {
    for (const Detachment& r : rules) {
      if (word.size() <= r.suffix.size() || !std::string_view(word).ends_with(r.suffix)) continue;
      std::string base = word.substr(0, word.size() - r.suffix.size());
      base += r.ending;
      if (known(base)) return base;
    }
    return {};
  };
  for (std::string lemma : {detach(kNounRules), detach(kVerbRules), detach(kAdjRules)}) {
    if (!lemma.empty()) return lemma;
  }
  return {};
}

std::optional<SenseDomains> WordSenses::DomainsOfLemma(const std::string& lemma) const {
  double medical = 0, everyday = 0, total = 0;
  for (int part = 0; part < kParts; ++part) {
    const std::vector<std::string_view> f = Fields(FindLine(Text(*index_[part]), lemma));
    uint64_t count, pointers;
    if (f.size() < 4 || !ParseUint(f[2], 10, &count) || !ParseUint(f[3], 10, &pointers) ||
        f.size() < 6 + pointers + count) {
      continue;
    }
    for (uint64_t rank = 0; rank < count; ++rank) {
      uint64_t offset;
      if (!ParseUint(f[6 + pointers + rank], 10, &offset)) continue;
      const uint64_t key = Key(part, offset);
      const std::optional<Synset> synset = ReadSynset(key);
      if (!synset) continue;
      const double weight = 1.0 / static_cast<double>(rank + 1);
      total += weight;
      if (IsMedical(key, *synset)) {
        medical += weight;
      } else if (IsEverydayFile(synset->lexfile)) {
        everyday += weight;
      }
    }
  }
  if (total <= 0) return std::nullopt;
  return SenseDomains{medical / total, everyday / total};
}

std::optional<SenseDomains> WordSenses::Of(std::string_view word) const {
  const std::string lower = ascii::Lower(word);
  if (lower.empty() || lower.find_first_of(" \n") != std::string::npos) return std::nullopt;
  const std::string lemma = LemmaOf(lower);
  if (lemma.empty()) return std::nullopt;
  return DomainsOfLemma(lemma);
}

}  // namespace evident
