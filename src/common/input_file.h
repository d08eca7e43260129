// InputFile: reads a file that may be gzip-compressed (detected by its magic bytes, not its
// name), as whole contents or line by line. Used by every parser so that .gz is never a special
// case.
// Thread-safety: one InputFile per thread.
#pragma once

#include <zlib.h>

#include <memory>
#include <string>

#include "common/status.h"

namespace evident {

class InputFile {
 public:
  static Result<std::unique_ptr<InputFile>> Open(const std::string& path);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  //! Reads the next line without its '\n' (and '\r'). Returns false at end of file; a read
  //! error (truncated gzip) ends the stream and is reported by status().
  bool ReadLine(std::string* line);
  //! Reads up to `n` bytes; returns the count, 0 at end or on error.
  int Read(char* buf, int n);
  //! Reads everything that is left.
  Result<std::string> ReadAll();
  //! Non-ok after a read error (e.g. "unexpected end of gzip stream").
  const Status& status() const { return status_; }
  const std::string& path() const { return path_; }
  //! Bytes of the underlying (compressed) file consumed so far, for progress.
  long long compressed_offset() const;

 private:
  InputFile(std::string path, gzFile file) : path_(std::move(path)), file_(file) {}
  std::string path_;
  gzFile file_;
  Status status_;
  std::string buffer_;
  size_t buffer_pos_ = 0;
  bool eof_ = false;
};

//! Reads a whole (possibly gzip-compressed) file.
Result<std::string> ReadFileContents(const std::string& path);

}  // namespace evident
