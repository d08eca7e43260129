#include "answer/follow_up.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "index/analyzer.h"

namespace evident {

namespace {

constexpr int kMaxFollowUpContentWords = 2;

std::vector<std::string> LowerWords(const std::string& text) {
  std::vector<std::string> words;
  std::string w;
  for (char c : text + " ") {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '\'' || u >= 0x80) {
      w += static_cast<char>(std::tolower(u));
    } else if (!w.empty()) {
      words.push_back(w);
      w.clear();
    }
  }
  return words;
}

}  // namespace

bool LooksLikeFollowUp(const std::string& question) {
  std::vector<std::string> words = LowerWords(question);
  if (words.empty()) return false;
  auto starts = [&](std::initializer_list<const char*> first, const char* second = nullptr) {
    for (const char* f : first) {
      if (words[0] == f && (second == nullptr || (words.size() > 1 && words[1] == second))) {
        return true;
      }
    }
    return false;
  };
  if (starts({"what", "how"}, "about") || starts({"and", "also", "but", "then"})) return true;
  static const char* const kBackReferences[] = {"it",    "its",   "it's", "this", "that",
                                                "these", "those", "they", "them", "their",
                                                "same",  "such",  "there"};
  for (const auto& w : words) {
    if (std::find(std::begin(kBackReferences), std::end(kBackReferences), w) !=
        std::end(kBackReferences)) {
      return true;
    }
  }
  int content = 0;
  for (const auto& w : words) {
    if (!Analyzer::IsStopWord(w) && w.size() > 2) ++content;
  }
  return content <= kMaxFollowUpContentWords;
}

std::string TopicQuestion(const std::vector<ConversationTurn>& turns) {
  for (auto it = turns.rbegin(); it != turns.rend(); ++it) {
    if (it->resolved_question == it->question) return it->question;
  }
  return turns.empty() ? "" : turns.front().question;
}

std::string ResolvedFollowUp(const std::string& question, const std::string& topic_question) {
  return question + " (in the context of: " + topic_question + ")";
}

}  // namespace evident
