#include "query/drug_synonyms.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "common/ascii.h"

namespace evident {

namespace {

// Longest drug name matched, in words.
constexpr size_t kMaxNameWords = 6;

using ascii::IsAlnum;
using ascii::IsDigit;

// Radiopharmaceuticals are written with the element's name or symbol ("lutetium Lu 177",
// "177Lu", "Ga-68"); the key uses the symbol.
std::string_view ElementSymbol(std::string_view word) {
  static const std::unordered_map<std::string_view, std::string_view> kSymbols = {
      {"lutetium", "lu"},  {"gallium", "ga"},  {"yttrium", "y"},    {"technetium", "tc"},
      {"iodine", "i"},     {"indium", "in"},   {"copper", "cu"},    {"fluorine", "f"},
      {"radium", "ra"},    {"actinium", "ac"}, {"thallium", "tl"},  {"samarium", "sm"},
      {"strontium", "sr"}, {"rubidium", "rb"}, {"zirconium", "zr"}, {"carbon", "c"}};
  auto it = kSymbols.find(word);
  return it == kSymbols.end() ? word : it->second;
}

// The key pieces of one stretch of text: lower-cased alphanumeric runs split where digits meet
// letters.
void AddPieces(std::string_view text, std::vector<std::string>* pieces) {
  std::string current;
  auto flush = [&] {
    if (!current.empty()) pieces->emplace_back(ElementSymbol(current));
    current.clear();
  };
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (!IsAlnum(c)) {
      flush();
      continue;
    }
    char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : static_cast<char>(c);
    if (!current.empty() && IsDigit(current.back()) != IsDigit(lower)) flush();
    current.push_back(lower);
  }
  flush();
}

std::string KeyOf(std::vector<std::string> pieces) {
  std::sort(pieces.begin(), pieces.end());
  pieces.erase(std::unique(pieces.begin(), pieces.end()), pieces.end());
  std::string key;
  for (const auto& p : pieces) {
    if (!key.empty()) key.push_back(' ');
    key += p;
  }
  return key;
}

// Fields of one csv line (RFC 4180 quoting; DrugBank's vocabulary has no embedded newlines).
std::vector<std::string> CsvFields(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back().push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back().push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back().push_back(c);
    }
  }
  return fields;
}

std::vector<std::string> SplitSynonyms(const std::string& field) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= field.size()) {
    size_t end = field.find(" | ", start);
    if (end == std::string::npos) end = field.size();
    std::string s = field.substr(start, end - start);
    if (!s.empty()) out.push_back(std::move(s));
    start = end + 3;
  }
  return out;
}

// Title and brand names of one NCI drug information page; false if it lists no brand.
bool ReadNciDrugPage(const std::string& path, std::string* title,
                     std::vector<std::string>* brands) {
  std::ifstream in(path);
  std::string line;
  bool in_brands = false;
  while (std::getline(in, line)) {
    if (title->empty() && line.rfind("title: \"", 0) == 0) {
      std::string t = line.substr(8);
      if (!t.empty() && t.back() == '"') t.pop_back();
      if (t.size() > 6 && t.ends_with(" - NCI")) t.resize(t.size() - 6);
      *title = t;
    } else if (line.rfind("US Brand Name", 0) == 0) {
      in_brands = true;
    } else if (in_brands) {
      if (line.rfind("FDA Approved", 0) == 0 || line.rfind("#", 0) == 0) break;
      if (!line.empty()) brands->push_back(line);
    }
  }
  return !title->empty() && !brands->empty();
}

// Short one-word synonyms are abbreviations with many other senses ("PAH" for aminohippuric
// acid, "NO", "CD"; the abbreviation dictionary resolves those in context) or plain words that
// are also product names ("Beam" for tricyclazole, "Arg").
bool IsAbbreviationLike(std::string_view name) {
  return name.size() <= 5 && std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
         });
}

}  // namespace

std::string DrugSynonyms::NameKey(std::string_view name) {
  std::vector<std::string> pieces;
  AddPieces(name, &pieces);
  return KeyOf(std::move(pieces));
}

void DrugSynonyms::AddName(std::string_view name, uint32_t drug) {
  std::string key = NameKey(name);
  // Single letters or numbers ("C", "5") would match everywhere.
  if (key.size() < 3) return;
  by_key_.emplace(std::move(key), drug);  // the first drug to claim a key keeps it
}

void DrugSynonyms::AddBrands(const std::string& title, const std::vector<std::string>& brands) {
  int64_t found = Lookup(title);
  uint32_t id;
  if (found >= 0) {
    id = static_cast<uint32_t>(found);
  } else {
    id = static_cast<uint32_t>(drugs_.size());
    drugs_.push_back({title, {}, {}});
    AddName(title, id);
  }
  for (const auto& b : brands) {
    auto& list = drugs_[id].brands;
    if (std::find(list.begin(), list.end(), b) != list.end()) continue;
    list.push_back(b);
    ++num_brands_;
    AddName(b, id);
  }
}

Result<DrugSynonyms> DrugSynonyms::Load(const std::string& drugbank_csv,
                                        const std::string& nci_drug_pages_dir) {
  std::ifstream in(drugbank_csv);
  if (!in) return Status::IOError("loading drug synonyms: cannot open " + drugbank_csv);
  std::string line;
  std::getline(in, line);
  auto header = CsvFields(line);
  auto column = [&](std::string_view name) -> int {
    auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : static_cast<int>(it - header.begin());
  };
  const int name_col = column("Common name"), syn_col = column("Synonyms");
  if (name_col < 0 || syn_col < 0) {
    return Status::Corruption("loading drug synonyms: " + drugbank_csv +
                              ": no \"Common name\" or \"Synonyms\" column");
  }
  DrugSynonyms table;
  table.by_key_.reserve(64 * 1024);  // about 48k names: no rehashing while loading
  // Common names first, so that a name wins over another drug's synonym with the same key.
  std::vector<std::vector<std::string>> synonyms;
  while (std::getline(in, line)) {
    auto fields = CsvFields(line);
    if (fields.size() <= static_cast<size_t>(std::max(name_col, syn_col))) continue;
    if (fields[name_col].empty()) continue;
    auto id = static_cast<uint32_t>(table.drugs_.size());
    table.drugs_.push_back({fields[name_col], {}, {}});
    table.AddName(fields[name_col], id);
    synonyms.push_back(SplitSynonyms(fields[syn_col]));
  }
  for (uint32_t id = 0; id < synonyms.size(); ++id) {
    const std::string own_key = NameKey(table.drugs_[id].name);
    for (auto& s : synonyms[id]) {
      if (NameKey(s) == own_key || IsAbbreviationLike(s)) continue;
      table.AddName(s, id);
      table.drugs_[id].synonyms.push_back(std::move(s));
    }
  }
  if (!nci_drug_pages_dir.empty()) {
    std::error_code ec;
    std::vector<std::string> pages;
    for (const auto& e : std::filesystem::directory_iterator(nci_drug_pages_dir, ec)) {
      const std::string file = e.path().filename().string();
      if (file.starts_with("about-cancer_treatment_drugs_") && file.ends_with(".md")) {
        pages.push_back(e.path().string());
      }
    }
    if (ec) {
      return Status::IOError("loading drug brand names: cannot list " + nci_drug_pages_dir + ": " +
                             ec.message());
    }
    std::sort(pages.begin(), pages.end());
    for (const auto& page : pages) {
      std::string title;
      std::vector<std::string> brands;
      if (ReadNciDrugPage(page, &title, &brands)) table.AddBrands(title, brands);
    }
  }
  return table;
}

DrugSynonyms DrugSynonyms::FromEntries(std::vector<DrugEntry> entries) {
  DrugSynonyms table;
  table.drugs_ = std::move(entries);
  for (uint32_t id = 0; id < table.drugs_.size(); ++id) table.AddName(table.drugs_[id].name, id);
  for (uint32_t id = 0; id < table.drugs_.size(); ++id) {
    for (const auto& s : table.drugs_[id].synonyms) table.AddName(s, id);
    for (const auto& b : table.drugs_[id].brands) {
      table.AddName(b, id);
      ++table.num_brands_;
    }
  }
  return table;
}

int64_t DrugSynonyms::Lookup(std::string_view name) const {
  auto it = by_key_.find(NameKey(name));
  return it == by_key_.end() ? -1 : static_cast<int64_t>(it->second);
}

std::vector<DrugMention> DrugSynonyms::Find(std::string_view text) const {
  // Words: runs of non-space characters, trimmed of surrounding punctuation; a comma, colon,
  // semicolon, question mark or bracket ends a name.
  struct Word {
    size_t begin, end;
    bool ends_phrase;
  };
  std::vector<Word> words;
  for (size_t i = 0; i < text.size();) {
    while (i < text.size() && !IsAlnum(static_cast<unsigned char>(text[i]))) ++i;
    size_t begin = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != '\n') ++i;
    size_t end = i;
    while (end > begin && !IsAlnum(static_cast<unsigned char>(text[end - 1]))) --end;
    if (end <= begin) continue;
    bool ends_phrase = end < i && std::string_view(",;:?!()[]").find(text[end]) != text.npos;
    words.push_back({begin, end, ends_phrase});
  }
  std::vector<DrugMention> mentions;
  for (size_t w = 0; w < words.size();) {
    size_t best_len = 0;
    uint32_t best_drug = 0;
    std::vector<std::string> pieces;
    for (size_t len = 1; len <= kMaxNameWords && w + len <= words.size(); ++len) {
      const Word& last = words[w + len - 1];
      AddPieces(text.substr(last.begin, last.end - last.begin), &pieces);
      auto it = by_key_.find(KeyOf(pieces));
      if (it != by_key_.end()) {
        best_len = len;
        best_drug = it->second;
      }
      if (last.ends_phrase) break;
    }
    if (best_len == 0) {
      ++w;
      continue;
    }
    mentions.push_back({words[w].begin, words[w + best_len - 1].end, best_drug});
    w += best_len;
  }
  return mentions;
}

}  // namespace evident
