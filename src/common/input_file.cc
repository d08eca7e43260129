#include "common/input_file.h"

#include <cerrno>
#include <cstring>

namespace evident {

Result<std::unique_ptr<InputFile>> InputFile::Open(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr) {
    return Status::IOError("opening " + path + ": " + std::strerror(errno));
  }
  gzbuffer(f, 1 << 17);
  return std::unique_ptr<InputFile>(new InputFile(path, f));
}

InputFile::~InputFile() { gzclose(file_); }

namespace {
// zlib's messages already start with the path ("x.gz: unexpected end of file").
Status GzipError(const std::string& path, const char* msg) {
  std::string text = msg != nullptr ? msg : "gzip error";
  if (text.rfind(path, 0) != 0) text = path + ": " + text;
  return Status::IOError("reading " + text);
}
}  // namespace

int InputFile::Read(char* buf, int n) {
  if (!status_.ok()) return 0;
  int got = gzread(file_, buf, static_cast<unsigned>(n));
  if (got < 0) {
    int err = 0;
    const char* msg = gzerror(file_, &err);
    status_ = GzipError(path_, msg);
    return 0;
  }
  if (got == 0) {
    int err = 0;
    const char* msg = gzerror(file_, &err);
    if (err != Z_OK && err != Z_STREAM_END) {
      status_ = GzipError(path_, msg);
    }
  }
  return got;
}

bool InputFile::ReadLine(std::string* line) {
  line->clear();
  while (true) {
    if (buffer_pos_ >= buffer_.size()) {
      if (eof_) return !line->empty();
      buffer_.resize(1 << 16);
      int got = Read(buffer_.data(), static_cast<int>(buffer_.size()));
      buffer_.resize(got > 0 ? got : 0);
      buffer_pos_ = 0;
      if (got <= 0) {
        eof_ = true;
        return !line->empty();
      }
    }
    const char* start = buffer_.data() + buffer_pos_;
    size_t avail = buffer_.size() - buffer_pos_;
    const void* nl = std::memchr(start, '\n', avail);
    if (nl == nullptr) {
      line->append(start, avail);
      buffer_pos_ = buffer_.size();
      continue;
    }
    size_t len = static_cast<const char*>(nl) - start;
    line->append(start, len);
    buffer_pos_ += len + 1;
    if (!line->empty() && line->back() == '\r') line->pop_back();
    return true;
  }
}

Result<std::string> InputFile::ReadAll() {
  std::string out(buffer_.begin() + static_cast<long>(buffer_pos_), buffer_.end());
  buffer_pos_ = buffer_.size();
  char buf[1 << 16];
  int got;
  while ((got = Read(buf, sizeof(buf))) > 0) out.append(buf, got);
  if (!status_.ok()) return status_;
  return out;
}

long long InputFile::compressed_offset() const { return gzoffset(file_); }

Result<std::string> ReadFileContents(const std::string& path) {
  auto file = InputFile::Open(path);
  if (!file.ok()) return file.status();
  return (*file)->ReadAll();
}

}  // namespace evident
