#include "ingest/document_builder.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "ingest/text_cleaning.h"

namespace evident {

void SectionBuilder::StartSection(std::string_view heading) {
  heading_ = CleanText(heading);
  section_open_ = false;
}

void SectionBuilder::AddParagraph(std::string_view text) {
  std::string paragraph = CleanText(text);
  if (paragraph.empty()) return;
  if (section_open_) {
    sections_.back().text += "\n\n" + paragraph;
    return;
  }
  sections_.push_back(Section{heading_, std::move(paragraph)});
  section_open_ = true;
}

std::vector<Section> SectionBuilder::Take() {
  section_open_ = false;
  return std::exchange(sections_, {});
}

void SetCleanAttribute(const std::string& key, std::string_view value, Document* doc) {
  std::string text = CleanText(value);
  if (!text.empty()) doc->attributes[key] = std::move(text);
}

SourceKind SourceKindFromLabel(std::string_view label, SourceKind fallback) {
  std::string lower(label);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "guideline" || lower == "recommendation" || lower == "summary") {
    return SourceKind::kGuideline;
  }
  if (lower == "education" || lower == "consumer" || lower == "patient") {
    return SourceKind::kConsumer;
  }
  if (lower == "research" || lower == "article" || lower == "abstract") {
    return SourceKind::kResearch;
  }
  return fallback;
}

int YearFromDate(std::string_view date) {
  auto digit = [&](size_t i) {
    return i < date.size() && std::isdigit(static_cast<unsigned char>(date[i])) != 0;
  };
  for (size_t i = 0; i + 4 <= date.size(); ++i) {
    bool starts_number = digit(i) && (i == 0 || !digit(i - 1));
    if (!starts_number || !digit(i + 1) || !digit(i + 2) || !digit(i + 3) || digit(i + 4)) {
      continue;
    }
    int year = std::stoi(std::string(date.substr(i, 4)));
    if (year >= 1000 && year <= 2999) return year;
  }
  return 0;
}

}  // namespace evident
