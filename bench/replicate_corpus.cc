// replicate_corpus: writes N copies of a corpus directory with every document id made unique, so
// that ingesting the copy gives an N times larger store and index of realistic text (the growth
// curve of docs/scaling.md).
//
//   replicate_corpus SRC_CORPUS_DIR DEST_DIR N
//
// Copy r goes to DEST_DIR/r<r>/ with the source's relative paths. Copy 0 is verbatim. In copy
// r > 0 the id of each document gets the suffix "~r<r>":
//   - JSON Lines (research abstracts, MedQuAD): the "id" field, and "pmid" and "pmcid" when
//     present, so that no identifier of a copy collides with the original;
//   - Markdown (NCI, USPSTF): the front matter's `id:` line;
//   - guideline HTML (NGC): the content of <meta name="DC.identifier">.
// Every other file, and everything under a "pubmed_xml" directory (PubMed format fixtures, whose
// ids are PMIDs, plus a stray HTML page), is copied once, into copy 0 only.
// Files are streamed line by line (gzip in and out when the source is gzip), never loaded whole.
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/input_file.h"
#include "common/status.h"

namespace evident::bench {
namespace {

namespace fs = std::filesystem;

enum class FileKind { kJsonLines, kMarkdown, kHtml, kCopyOnce };

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

FileKind KindOf(const fs::path& relative_path) {
  for (const fs::path& part : relative_path) {
    if (part == "pubmed_xml") return FileKind::kCopyOnce;
  }
  std::string name = relative_path.filename().string();
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (EndsWith(name, ".gz")) name.resize(name.size() - 3);
  if (EndsWith(name, ".jsonl")) return FileKind::kJsonLines;
  if ((EndsWith(name, ".md") || EndsWith(name, ".markdown")) && name != "readme.md" &&
      name != "license.md") {
    return FileKind::kMarkdown;
  }
  if (EndsWith(name, ".html") || EndsWith(name, ".htm")) return FileKind::kHtml;
  return FileKind::kCopyOnce;
}

// A line-oriented output file, gzip-compressed when `compress` is set (zlib's "T" mode writes
// plain bytes through the same interface).
class OutputFile {
 public:
  static Result<std::unique_ptr<OutputFile>> Create(const std::string& path, bool compress) {
    gzFile file = gzopen(path.c_str(), compress ? "wb6" : "wbT");
    if (file == nullptr) return Status::IOError("creating " + path);
    gzbuffer(file, 1 << 17);
    return std::unique_ptr<OutputFile>(new OutputFile(path, file));
  }
  ~OutputFile() {
    if (file_ != nullptr) gzclose(file_);
  }
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  Status WriteLine(std::string_view line) {
    if (!line.empty() && gzwrite(file_, line.data(), static_cast<unsigned>(line.size())) !=
                             static_cast<int>(line.size())) {
      return Status::IOError("writing " + path_);
    }
    if (gzputc(file_, '\n') != '\n') return Status::IOError("writing " + path_);
    return Status::OK();
  }
  Status Close() {
    int rc = gzclose(file_);
    file_ = nullptr;
    return rc == Z_OK ? Status::OK() : Status::IOError("closing " + path_);
  }

 private:
  OutputFile(std::string path, gzFile file) : path_(std::move(path)), file_(file) {}
  std::string path_;
  gzFile file_;
};

using LineRewriter = std::function<Status(std::string* line)>;

// Streams `src` to `dest` line by line through `rewrite`.
Status RewriteFile(const fs::path& src, const fs::path& dest, const LineRewriter& rewrite) {
  auto in = InputFile::Open(src.string());
  if (!in.ok()) return in.status();
  auto out = OutputFile::Create(dest.string(), EndsWith(src.string(), ".gz"));
  if (!out.ok()) return out.status();
  std::string line;
  int line_number = 0;
  while ((*in)->ReadLine(&line)) {
    ++line_number;
    Status s = rewrite(&line);
    if (!s.ok()) return s.WithContext(src.string() + ": line " + std::to_string(line_number));
    EVIDENT_RETURN_IF_ERROR((*out)->WriteLine(line));
  }
  if (!(*in)->status().ok()) return (*in)->status();
  return (*out)->Close();
}

// JSON Lines: "id" (and "pmid", "pmcid" if strings) get the suffix. Key order is kept.
LineRewriter JsonLinesRewriter(const std::string& suffix) {
  return [suffix](std::string* line) {
    if (line->find_first_not_of(" \t\r") == std::string::npos) return Status::OK();
    auto record = nlohmann::ordered_json::parse(*line, nullptr, false);
    if (record.is_discarded() || !record.is_object()) {
      return Status::OK();  // malformed: copied as is, the ingester reports it
    }
    for (const char* key : {"id", "pmid", "pmcid"}) {
      auto it = record.find(key);
      if (it != record.end() && it->is_string()) *it = it->get<std::string>() + suffix;
    }
    *line = record.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    return Status::OK();
  };
}

// Markdown: the `id:` line of the front matter (the block between the first two "---" lines).
LineRewriter MarkdownRewriter(const std::string& suffix) {
  auto dashes_seen = std::make_shared<int>(0);
  return [suffix, dashes_seen](std::string* line) {
    if (*line == "---") {
      ++*dashes_seen;
      return Status::OK();
    }
    if (*dashes_seen != 1 || !line->starts_with("id:")) return Status::OK();
    size_t end = line->find_last_not_of(" \t");
    if ((*line)[end] == '"' || (*line)[end] == '\'') {
      line->insert(end, suffix);  // inside the closing quote
    } else {
      line->insert(end + 1, suffix);
    }
    return Status::OK();
  };
}

// HTML: the content attribute of the <meta> tag naming DC.identifier.
LineRewriter HtmlRewriter(const std::string& suffix) {
  return [suffix](std::string* line) {
    size_t name = line->find("\"DC.identifier\"");
    if (name == std::string::npos) return Status::OK();
    size_t tag_start = line->rfind('<', name);
    size_t tag_end = line->find('>', name);
    if (tag_start == std::string::npos || tag_end == std::string::npos) return Status::OK();
    size_t content = line->find("content=\"", tag_start);
    if (content == std::string::npos || content > tag_end) return Status::OK();
    size_t close = line->find('"', content + 9);
    if (close == std::string::npos || close > tag_end) return Status::OK();
    line->insert(close, suffix);
    return Status::OK();
  };
}

Status Replicate(const fs::path& src_root, const fs::path& dest_root, int copies) {
  std::error_code ec;
  if (!fs::is_directory(src_root, ec)) {
    return Status::NotFound("corpus directory " + src_root.string() + " does not exist");
  }
  uint64_t files = 0;
  for (auto it = fs::recursive_directory_iterator(src_root, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    const fs::path rel = fs::relative(it->path(), src_root);
    const FileKind kind = KindOf(rel);
    for (int r = 0; r < copies; ++r) {
      if (kind == FileKind::kCopyOnce && r > 0) break;
      const fs::path dest = dest_root / ("r" + std::to_string(r)) / rel;
      fs::create_directories(dest.parent_path(), ec);
      if (ec)
        return Status::IOError("creating " + dest.parent_path().string() + ": " + ec.message());
      if (r == 0) {
        fs::copy_file(it->path(), dest, fs::copy_options::overwrite_existing, ec);
        if (ec) return Status::IOError("copying " + rel.string() + ": " + ec.message());
        continue;
      }
      const std::string suffix = "~r" + std::to_string(r);
      LineRewriter rewrite = kind == FileKind::kJsonLines  ? JsonLinesRewriter(suffix)
                             : kind == FileKind::kMarkdown ? MarkdownRewriter(suffix)
                                                           : HtmlRewriter(suffix);
      EVIDENT_RETURN_IF_ERROR(RewriteFile(it->path(), dest, rewrite));
    }
    if (++files % 500 == 0)
      std::fprintf(stderr, "\r%llu files", static_cast<unsigned long long>(files));
  }
  if (ec) return Status::IOError("listing " + src_root.string() + ": " + ec.message());
  std::fprintf(stderr, "\r%llu source files replicated %d times into %s\n",
               static_cast<unsigned long long>(files), copies, dest_root.c_str());
  return Status::OK();
}

}  // namespace
}  // namespace evident::bench

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: replicate_corpus SRC_CORPUS_DIR DEST_DIR N\n");
    return 2;
  }
  int copies = std::atoi(argv[3]);
  if (copies < 1) {
    std::fprintf(stderr, "replicate_corpus: N must be at least 1\n");
    return 2;
  }
  evident::Status s = evident::bench::Replicate(argv[1], argv[2], copies);
  if (!s.ok()) {
    std::fprintf(stderr, "replicate_corpus: %s\n", s.ToString().c_str());
    return 1;
  }
  return 0;
}
