// The multipart/form-data reader that blob uploads stream through. Input: one byte giving the
// boundary's length, the boundary, one byte seeding how the body is cut into pieces, the body.
// Properties: no crash; the body read in one piece and read in pieces (as the network delivers
// it) gives the same parts and the same verdict; no part's content holds a delimiter; the
// in-memory form reader agrees with the streaming one.

#include <string>

#include "api/multipart_reader.hpp"
#include "api/params.hpp"
#include "tests/fuzz/fuzz_input.hpp"

namespace {

using dc::api::MultipartReader;
using dc::api::PartHead;

struct Outcome {
  std::string events;  // B(egin), D(ata, merged), E(nd) as text
  std::vector<std::string> contents;
  bool ok = false;
};

/// Reads `body` in pieces whose sizes come from `seed` (0: in one piece).
Outcome read(std::string_view boundary, std::string_view body, unsigned seed) {
  Outcome out;
  bool in_data = false;
  MultipartReader reader{boundary,
                         {[&](const PartHead& head) {
                            out.events += "B[" + head.name + "][" + head.filename.value_or("-") +
                                          "][" + head.content_type + "]";
                            out.contents.emplace_back();
                            in_data = false;
                          },
                          [&](const char* data, std::size_t size) {
                            if (size == 0) dc::fuzz::broken("an empty piece of content");
                            if (!in_data) out.events += "D";
                            in_data = true;
                            if (out.contents.empty()) dc::fuzz::broken("content outside a part");
                            out.contents.back().append(data, size);
                          },
                          [&] {
                            out.events += "E";
                            in_data = false;
                          }}};
  if (seed == 0) {
    reader.feed(body.data(), body.size());
  } else {
    // A small linear congruential sequence: piece sizes 1..seed, repeatable for one input.
    unsigned state = seed;
    while (!body.empty()) {
      state = state * 1103515245u + 12345u;
      std::size_t n = 1 + (state >> 16) % seed;
      n = std::min(n, body.size());
      reader.feed(body.data(), n);
      body.remove_prefix(n);
    }
  }
  out.ok = reader.finish();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  dc::fuzz::Input in{data, size};
  std::string boundary;
  for (auto n = in.byte() % 70 + 1; n > 0 && !in.empty(); --n)
    boundary += static_cast<char>(in.byte());
  unsigned seed = in.byte() % 64 + 1;
  auto body = in.rest();

  auto whole = read(boundary, body, 0);
  auto pieces = read(boundary, body, seed);
  if (whole.ok != pieces.ok || whole.events != pieces.events || whole.contents != pieces.contents)
    dc::fuzz::broken("reading in pieces changes the result",
                     whole.events + (whole.ok ? " ok" : " failed") + "\n" + pieces.events +
                         (pieces.ok ? " ok" : " failed"));
  auto delimiter = "\r\n--" + boundary;
  for (auto& c : whole.contents)
    if (c.find(delimiter) != std::string::npos) dc::fuzz::broken("a part holds a delimiter");

  dc::api::Params params;
  if (dc::api::parse_multipart(body, boundary, params) != whole.ok)
    dc::fuzz::broken("the form reader and the streaming reader disagree");
  (void)dc::api::multipart_boundary("multipart/form-data; boundary=" + boundary);
  (void)dc::api::multipart_boundary(body.substr(0, 200));
  return 0;
}
