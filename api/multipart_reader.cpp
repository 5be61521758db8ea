#include "api/multipart_reader.hpp"

#include <algorithm>

#include "api/http_message.hpp"

namespace dc::api {

namespace {

constexpr std::size_t max_part_head_bytes = 16 * 1024;
constexpr std::size_t max_padding_bytes = 1024;

/// The value of `key="..."` (or unquoted `key=...`) in a header's parameters.
std::optional<std::string> header_parameter(std::string_view line, std::string_view key) {
  std::size_t from = 0;
  while (true) {
    auto at = line.find(key, from);
    if (at == std::string_view::npos) return std::nullopt;
    from = at + key.size();
    // Whole parameter names only: `name=` must not match the tail of `filename=`.
    bool starts = at == 0 || line[at - 1] == ' ' || line[at - 1] == ';' || line[at - 1] == '\t';
    if (!starts || from >= line.size() || line[from] != '=') continue;
    auto value = line.substr(from + 1);
    if (!value.empty() && value.front() == '"') {
      value.remove_prefix(1);
      return std::string{value.substr(0, value.find('"'))};
    }
    return std::string{trim(value.substr(0, value.find(';')))};
  }
}

}  // namespace

PartHead parse_part_head(std::string_view head) {
  PartHead part;
  while (!head.empty()) {
    // A bare LF ends a line too (trim drops the CR of a CRLF): no value ever holds a line break
    // that could split a header it is later copied into.
    auto eol = head.find('\n');
    auto line = head.substr(0, eol);
    head = eol == std::string_view::npos ? std::string_view{} : head.substr(eol + 1);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    auto field = trim(line.substr(0, colon));
    auto value = trim(line.substr(colon + 1));
    if (iequals(field, "Content-Disposition")) {
      part.name = header_parameter(value, "name").value_or("");
      part.filename = header_parameter(value, "filename");
    } else if (iequals(field, "Content-Type")) {
      part.content_type = std::string{value};
    }
  }
  return part;
}

MultipartReader::MultipartReader(std::string_view boundary, Events events)
    : delimiter_("\r\n--" + std::string{boundary}), events_(std::move(events)) {
  // The first delimiter has no CRLF before it: pretend one, so every delimiter looks alike.
  pending_ = "\r\n";
}

void MultipartReader::fail(std::string why) {
  if (error_.empty()) error_ = std::move(why);
  pending_.clear();
}

void MultipartReader::feed(const char* data, std::size_t size) {
  if (failed() || state_ == State::done) return;
  pending_.append(data, size);
  step();
}

void MultipartReader::step() {
  while (!failed()) {
    switch (state_) {
      case State::content: {
        auto at =
            std::search(pending_.begin(), pending_.end(),
                        std::boyer_moore_horspool_searcher(delimiter_.begin(), delimiter_.end()));
        if (at == pending_.end()) {
          // Everything but a possible delimiter prefix at the end is content.
          auto keep = std::min(pending_.size(), delimiter_.size() - 1);
          auto ready = pending_.size() - keep;
          if (in_part_ && ready) events_.data(pending_.data(), ready);
          pending_.erase(0, ready);
          return;
        }
        auto offset = static_cast<std::size_t>(at - pending_.begin());
        if (in_part_) {
          if (offset) events_.data(pending_.data(), offset);
          events_.end();
          in_part_ = false;
        }
        pending_.erase(0, offset + delimiter_.size());
        state_ = State::after_delimiter;
        break;
      }
      case State::after_delimiter: {
        // Transport padding (spaces, tabs) may follow a delimiter before its CRLF.
        auto text = std::string_view{pending_};
        auto pad = text.find_first_not_of(" \t");
        if (std::min(pad, text.size()) > max_padding_bytes)
          return fail("a multipart delimiter is followed by too much padding");
        if (pad == std::string_view::npos || text.size() - pad < 2) return;
        if (text.substr(pad, 2) == "--") {
          state_ = State::done;
          pending_.clear();
          return;
        }
        if (text.substr(pad, 2) != "\r\n")
          return fail("a multipart delimiter is not followed by a line end");
        pending_.erase(0, pad + 2);
        state_ = State::head;
        break;
      }
      case State::head: {
        auto end = pending_.find("\r\n\r\n");
        // A part without headers starts with the blank line at once.
        if (pending_.rfind("\r\n", 0) == 0) end = 0;
        if (end == std::string::npos) {
          if (pending_.size() > max_part_head_bytes)
            return fail("a multipart part head is too large");
          return;
        }
        auto head = parse_part_head(std::string_view{pending_}.substr(0, end));
        pending_.erase(0, end == 0 ? 2 : end + 4);
        events_.begin(head);
        in_part_ = true;
        state_ = State::content;
        break;
      }
      case State::done:
        pending_.clear();
        return;
    }
  }
}

bool MultipartReader::finish() {
  if (!failed() && state_ != State::done)
    fail("the multipart body ends before its closing delimiter");
  return !failed();
}

}  // namespace dc::api
