#include "eval/gold_set.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "common/input_file.h"

namespace evident {

namespace {

// ordered_json keeps the file's key order, so PubMedQA questions come back in file order.
using Json = nlohmann::ordered_json;

bool IsAllDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "http://www.ncbi.nlm.nih.gov/pubmed/34022131", "https://pubmed.ncbi.nlm.nih.gov/34022131/" or
// a bare "34022131" -> "34022131"; empty if the last path segment is not a PMID.
std::string PmidFromPubmedUrl(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  size_t slash = url.rfind('/');
  std::string last = slash == std::string::npos ? url : url.substr(slash + 1);
  return IsAllDigits(last) ? last : std::string();
}

// Reads and parses a whole JSON file. Parse errors throw Json::exception; the loaders turn every
// exception into a Status at one place (LoadGoldSet).
Result<Json> ReadJsonFile(const std::string& path) {
  Result<std::string> text = ReadFileContents(path);
  if (!text.ok()) return text.status();
  return Json::parse(*text);
}

// Fetches a required string member of `object`; on failure returns "\"<key>\" is missing" or
// "... is not a string" through `error`.
bool GetString(const Json& object, const char* key, std::string* out, std::string* error) {
  auto it = object.find(key);
  if (it == object.end()) {
    *error = std::string("missing \"") + key + "\"";
    return false;
  }
  if (!it->is_string()) {
    *error = std::string("\"") + key + "\" is not a string";
    return false;
  }
  *out = it->get<std::string>();
  return true;
}

// Reads an optional reference-answer member: absent is fine (no answers), a string is one
// answer, an array must hold strings only. Empty answers are dropped.
bool GetAnswers(const Json& object, const char* key, std::vector<std::string>* out,
                std::string* error) {
  auto it = object.find(key);
  if (it == object.end()) return true;
  auto add = [&](const Json& value) {
    if (!value.is_string()) return false;
    std::string text = value.get<std::string>();
    if (text.find_first_not_of(" \t\r\n") != std::string::npos) out->push_back(std::move(text));
    return true;
  };
  bool ok = it->is_array() ? std::all_of(it->begin(), it->end(), add) : add(*it);
  if (!ok) *error = std::string("\"") + key + "\" is not a string or an array of strings";
  return ok;
}

// Parses one element of BioASQ's "questions" array; on failure returns false with `error` set.
bool ParseBioasqQuestion(const Json& item, GoldQuestion* question, std::string* error) {
  if (!item.is_object()) {
    *error = "not a JSON object";
    return false;
  }
  if (!GetString(item, "id", &question->id, error)) return false;
  if (!GetString(item, "body", &question->query, error)) return false;
  if (item.contains("type") && !GetString(item, "type", &question->type, error)) return false;
  auto documents = item.find("documents");
  if (documents == item.end()) {
    *error = "missing \"documents\" (not a gold set?)";
    return false;
  }
  if (!documents->is_array()) {
    *error = "\"documents\" is not an array";
    return false;
  }
  std::unordered_set<std::string> seen;
  for (const Json& url : *documents) {
    std::string pmid = url.is_string() ? PmidFromPubmedUrl(url.get<std::string>()) : "";
    if (pmid.empty()) {
      *error = "document " + url.dump() + " is not a PubMed URL";
      return false;
    }
    std::string doc_id = "pmid:" + pmid;
    if (seen.insert(doc_id).second) question->relevant.push_back(std::move(doc_id));
  }
  return GetAnswers(item, "ideal_answer", &question->ideal_answers, error);
}

Result<std::vector<GoldQuestion>> ParseBioasq(const std::string& path) {
  Result<Json> root = ReadJsonFile(path);
  if (!root.ok()) return root.status();
  if (!root->is_object() || !root->contains("questions")) {
    return Status::Corruption(path + ": expected an object with a \"questions\" array");
  }
  const Json& items = (*root)["questions"];
  if (!items.is_array()) return Status::Corruption(path + ": \"questions\" is not an array");
  std::vector<GoldQuestion> questions;
  questions.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    GoldQuestion question;
    std::string error;
    if (!ParseBioasqQuestion(items[i], &question, &error)) {
      std::string id = question.id.empty() ? "" : fmt::format(" (id {})", question.id);
      return Status::Corruption(fmt::format("{}: question {}{}: {}", path, i, id, error));
    }
    questions.push_back(std::move(question));
  }
  return questions;
}

// Parses the PubMedQA entry stored under key `pmid`; on failure returns false with `error` set.
bool ParsePubmedqaQuestion(const std::string& pmid, const Json& item, GoldQuestion* question,
                           std::string* error) {
  if (!IsAllDigits(pmid)) {
    *error = "key is not a PMID";
    return false;
  }
  if (!item.is_object()) {
    *error = "not a JSON object";
    return false;
  }
  if (!GetString(item, "question", &question->query, error)) return false;
  question->id = pmid;
  question->type = "yesno";
  question->relevant = {"pmid:" + pmid};
  const char* long_answer = item.contains("LONG_ANSWER") ? "LONG_ANSWER" : "long_answer";
  return GetAnswers(item, long_answer, &question->ideal_answers, error);
}

Result<std::vector<GoldQuestion>> ParsePubmedqa(const std::string& path) {
  Result<Json> root = ReadJsonFile(path);
  if (!root.ok()) return root.status();
  if (!root->is_object()) return Status::Corruption(path + ": expected an object keyed by PMID");
  std::vector<GoldQuestion> questions;
  questions.reserve(root->size());
  for (const auto& [pmid, item] : root->items()) {
    GoldQuestion question;
    std::string error;
    if (!ParsePubmedqaQuestion(pmid, item, &question, &error)) {
      return Status::Corruption(fmt::format("{}: question \"{}\": {}", path, pmid, error));
    }
    questions.push_back(std::move(question));
  }
  return questions;
}

using GoldSetParser = Result<std::vector<GoldQuestion>> (*)(const std::string& path);

// Runs `parse` on `path`, turning any nlohmann_json exception (malformed JSON) into a Corruption
// status that names the file, and prefixing every error with what was being loaded.
Result<std::vector<GoldQuestion>> LoadGoldSet(const std::string& path, const char* format,
                                              GoldSetParser parse) {
  std::string context = fmt::format("loading {} gold set", format);
  try {
    Result<std::vector<GoldQuestion>> questions = parse(path);
    if (!questions.ok()) return questions.status().WithContext(context);
    return questions;
  } catch (const Json::exception& e) {
    return Status::Corruption(path + ": " + e.what()).WithContext(context);
  }
}

}  // namespace

Result<std::vector<GoldQuestion>> LoadBioasq(const std::string& path) {
  return LoadGoldSet(path, "BioASQ", ParseBioasq);
}

Result<std::vector<GoldQuestion>> LoadPubmedqa(const std::string& path) {
  return LoadGoldSet(path, "PubMedQA", ParsePubmedqa);
}

Result<std::vector<GoldQuestion>> LoadQuestionList(const std::string& path) {
  Result<std::string> text = ReadFileContents(path);
  if (!text.ok()) return text.status().WithContext("loading question list");
  std::vector<GoldQuestion> questions;
  size_t line_no = 0;
  for (size_t start = 0; start < text->size();) {
    size_t end = std::min(text->find('\n', start), text->size());
    std::string line = text->substr(start, end - start);
    start = end + 1;
    ++line_no;
    const size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    line.erase(line.find_last_not_of(" \t\r") + 1);
    GoldQuestion q;
    q.id = "line " + std::to_string(line_no);
    q.query = line.substr(first);
    q.type = "question";
    questions.push_back(std::move(q));
  }
  return questions;
}

}  // namespace evident
