#pragma once
// An incremental multipart/form-data parser: bytes go in as they arrive, in pieces of any size,
// and each part comes out as its head, then its content in pieces, then its end. Nothing but
// one part head and a delimiter's length of look-behind is ever buffered, so a form carrying a
// multi-gigabyte file parses in constant memory.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace dc::api {

/// What a part's headers say about it.
struct PartHead {
  std::string name;                     // the form field
  std::optional<std::string> filename;  // set for file uploads
  std::string content_type;             // empty when the part has none
};

class MultipartReader {
 public:
  struct Events {
    std::function<void(const PartHead&)> begin;
    std::function<void(const char*, std::size_t)> data;
    std::function<void()> end;
  };

  MultipartReader(std::string_view boundary, Events events);

  /// Parses the next bytes; after an error the rest is ignored.
  void feed(const char* data, std::size_t size);
  /// Ends the input; false (with error()) unless the closing delimiter was seen.
  bool finish();
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }

 private:
  enum class State { content, after_delimiter, head, done };
  void step();
  void fail(std::string why);

  std::string delimiter_;  // CRLF "--" boundary
  Events events_;
  State state_ = State::content;
  bool in_part_ = false;  // content belongs to a part (not the preamble)
  std::string pending_;   // bytes not yet consumed
  std::string error_;
};

/// Parses a part's header block (the lines between the delimiter and the blank line).
PartHead parse_part_head(std::string_view head);

}  // namespace dc::api
