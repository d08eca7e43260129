#include "ingest/passage_splitter.h"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "common/ascii.h"

namespace evident {

namespace {

int CountWords(std::string_view text) {
  int words = 0;
  bool in_word = false;
  for (char c : text) {
    bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

using ascii::Trim;

std::vector<std::string_view> Paragraphs(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find("\n\n", start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view p = Trim(text.substr(start, end - start));
    if (!p.empty()) out.push_back(p);
    start = end + 2;
  }
  return out;
}

// Cuts an over-long paragraph at sentence ends (". " + capital or digit) into pieces of about
// `target` words. A rough cut is enough here: the answer composer splits sentences properly.
std::vector<std::string_view> CutLongParagraph(std::string_view p, int target) {
  std::vector<std::string_view> out;
  size_t start = 0, last_cut = 0;
  int words = 0;
  bool in_word = false;
  for (size_t i = 0; i < p.size(); ++i) {
    bool space = std::isspace(static_cast<unsigned char>(p[i])) != 0;
    if (!space && !in_word) ++words;
    in_word = !space;
    bool sentence_end = (p[i] == '.' || p[i] == '?' || p[i] == '!') && i + 2 < p.size() &&
                        p[i + 1] == ' ' &&
                        (std::isupper(static_cast<unsigned char>(p[i + 2])) ||
                         std::isdigit(static_cast<unsigned char>(p[i + 2])));
    if (sentence_end) last_cut = i + 1;
    if (words >= target && last_cut > start) {
      out.push_back(Trim(p.substr(start, last_cut - start)));
      start = last_cut;
      words = CountWords(p.substr(start, i + 1 - start));
    }
  }
  if (start < p.size()) out.push_back(Trim(p.substr(start)));
  return out;
}

}  // namespace

std::vector<int> ExtractCitationNumbers(const std::string& text) {
  std::vector<int> out;
  auto add = [&out](int n) {
    if (n > 0 && std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  };
  size_t i = 0;
  while ((i = text.find('[', i)) != std::string::npos) {
    size_t close = text.find(']', i);
    if (close == std::string::npos) break;
    std::string_view inner(text.data() + i + 1, close - i - 1);
    bool valid = !inner.empty() && std::all_of(inner.begin(), inner.end(), [](char c) {
      return std::isdigit(static_cast<unsigned char>(c)) || c == ',' || c == '-' || c == ' ';
    });
    if (valid) {
      size_t pos = 0;
      while (pos < inner.size()) {
        size_t comma = std::min(inner.find(',', pos), inner.size());
        std::string_view item = Trim(inner.substr(pos, comma - pos));
        size_t dash = item.find('-');
        try {
          if (dash == std::string_view::npos) {
            if (!item.empty()) add(std::stoi(std::string(item)));
          } else {
            int from = std::stoi(std::string(item.substr(0, dash)));
            int to = std::stoi(std::string(item.substr(dash + 1)));
            for (int n = from; n <= to && n - from < 200; ++n) add(n);
          }
        } catch (const std::exception&) {
          // not a citation marker after all ("[-]")
        }
        pos = comma + 1;
      }
    }
    i = close + 1;
  }
  return out;
}

std::vector<Passage> PassageSplitter::Split(const Document& doc) const {
  std::vector<Passage> out;
  const bool pack_across_sections = doc.kind != SourceKind::kGuideline;
  std::string heading, text;
  int words = 0;
  auto flush = [&] {
    if (text.empty()) return;
    Passage p;
    p.doc_id = doc.id;
    p.ordinal = static_cast<int>(out.size());
    p.id = doc.id + "#" + std::to_string(p.ordinal);
    p.heading = heading;
    p.text = std::move(text);
    p.cited_refs = ExtractCitationNumbers(p.text);
    out.push_back(std::move(p));
    text.clear();
    words = 0;
  };
  auto append = [&](std::string_view piece, const std::string& piece_heading, bool label) {
    if (text.empty()) heading = piece_heading;
    if (!text.empty()) text += "\n\n";
    // Packed abstract sections keep their label inline: "RESULTS: ...".
    if (label && !piece_heading.empty()) text += piece_heading + ": ";
    text += piece;
    words += CountWords(piece);
  };

  for (const Section& section : doc.sections) {
    if (!pack_across_sections || (words > 0 && heading != section.heading &&
                                  words + CountWords(section.text) > options_.target_words)) {
      flush();
    }
    bool first_in_section = true;
    for (std::string_view para : Paragraphs(section.text)) {
      for (std::string_view piece : CountWords(para) > options_.max_words
                                        ? CutLongParagraph(para, options_.target_words)
                                        : std::vector<std::string_view>{para}) {
        int piece_words = CountWords(piece);
        if (words > 0 && words + piece_words > options_.target_words) flush();
        append(piece, section.heading,
               pack_across_sections && first_in_section && doc.sections.size() > 1);
        first_in_section = false;
      }
    }
  }
  flush();
  if (out.empty() && !doc.title.empty()) {
    text = doc.title;
    flush();
  }
  return out;
}

}  // namespace evident
