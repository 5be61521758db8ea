// The incremental multipart parser gives the same parts however the body is cut into pieces.

#include <catch2/catch.hpp>

#include "api/multipart_reader.hpp"
#include "api/params.hpp"

using namespace dc::api;

namespace {

struct Part {
  PartHead head;
  std::string content;
};

std::vector<Part> parse_in_pieces(const std::string& body, const std::string& boundary,
                                  std::size_t piece, bool& ok) {
  std::vector<Part> parts;
  MultipartReader reader{
      boundary,
      {[&](const PartHead& h) {
         parts.push_back({h, {}});
       },
       [&](const char* d, std::size_t n) { parts.back().content.append(d, n); }, [] {}}};
  for (std::size_t at = 0; at < body.size(); at += piece)
    reader.feed(body.data() + at, std::min(piece, body.size() - at));
  ok = reader.finish();
  return parts;
}

const std::string form =
    "preamble to ignore\r\n"
    "--b0\r\n"
    "Content-Disposition: form-data; name=\"blob_id\"\r\n\r\n"
    "my-blob\r\n"
    "--b0  \r\n"  // transport padding
    "Content-Disposition: form-data; name=\"blob_data\"; filename=\"a.txt\"\r\n"
    "Content-Type: text/csv\r\n\r\n"
    "x,y\r\n--b\r\n-b0 is not a delimiter\r\n1,2\r\n"
    "--b0\r\n"
    "\r\n"  // a part without headers
    "anonymous\r\n"
    "--b0--\r\n"
    "epilogue";

}  // namespace

TEST_CASE("multipart parts come out the same for every piece size") {
  for (std::size_t piece : {1u, 2u, 3u, 5u, 7u, 64u, 1000u}) {
    bool ok = false;
    auto parts = parse_in_pieces(form, "b0", piece, ok);
    INFO("piece size " << piece);
    REQUIRE(ok);
    REQUIRE(parts.size() == 3);
    CHECK(parts[0].head.name == "blob_id");
    CHECK_FALSE(parts[0].head.filename);
    CHECK(parts[0].content == "my-blob");
    CHECK(parts[1].head.name == "blob_data");
    CHECK(parts[1].head.filename == std::optional<std::string>{"a.txt"});
    CHECK(parts[1].head.content_type == "text/csv");
    CHECK(parts[1].content == "x,y\r\n--b\r\n-b0 is not a delimiter\r\n1,2");
    CHECK(parts[2].head.name.empty());
    CHECK(parts[2].content == "anonymous");
  }
}

TEST_CASE("malformed multipart bodies are reported, not guessed at") {
  bool ok = true;
  parse_in_pieces("--b0\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end", "b0", 4, ok);
  CHECK_FALSE(ok);
  ok = true;
  parse_in_pieces("--b0garbage", "b0", 4, ok);
  CHECK_FALSE(ok);
  ok = true;
  parse_in_pieces("--b0\r\n" + std::string(20000, 'h'), "b0", 100, ok);
  CHECK_FALSE(ok);
  ok = true;
  parse_in_pieces("no delimiter at all", "b0", 4, ok);
  CHECK_FALSE(ok);
  ok = true;  // padding without end is not buffered for ever
  parse_in_pieces("--b0" + std::string(5000, ' '), "b0", 100, ok);
  CHECK_FALSE(ok);
}

TEST_CASE("a part head names its field, not the tail of filename") {
  auto head = parse_part_head(
      "Content-Disposition: form-data; filename=\"f.bin\"; name=\"real\"\r\nContent-Type: a/b");
  CHECK(head.name == "real");
  CHECK(head.filename == std::optional<std::string>{"f.bin"});
  CHECK(head.content_type == "a/b");
  CHECK(parse_part_head("content-disposition: form-data; name=plain").name == "plain");
}

TEST_CASE("a part head line ends at a bare LF so no value holds a line break") {
  auto head = parse_part_head(
      "Content-Disposition: form-data; name=\"f\"\r\nContent-Type: text/plain\nX-Object-Manifest: "
      "c/p");
  CHECK(head.name == "f");
  CHECK(head.content_type == "text/plain");
}

TEST_CASE("in-memory multipart parameters use the same parser") {
  Params params;
  REQUIRE(parse_multipart(form, "b0", params));
  CHECK(params.get("blob_id") == std::optional<std::string>{"my-blob"});
  CHECK(params.get("blob_data")->find("1,2") != std::string::npos);
}
