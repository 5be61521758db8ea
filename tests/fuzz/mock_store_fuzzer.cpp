// The mock cloud's record files as a restarted server reads them back (`<root>/<kind>/<id>.yml`),
// truncated, corrupted or hostile. Input: one byte choosing the kind of record, then the file's
// text. Reading ends in a record or an exception, never a crash; and a record read is written
// back in a form that reads back the same: writing what was read twice gives the same text
// (the first write may normalise, e.g. invalid UTF-8, but nothing may change after that).

#include <exception>

#include "drivers/mock/mock_store.hpp"
#include "tests/fuzz/fuzz_input.hpp"

namespace {

using namespace dc::drivers::mock;
namespace engine = dc::engine;

template <class T>
void round_trip(std::string_view text) {
  T record;
  try {
    record = record_from_text<T>(std::string{text});
  } catch (const std::exception&) {
    return;  // a damaged file: load() reports and skips it
  }
  std::string first;
  try {
    first = record_to_text(record);
  } catch (const std::exception& e) {
    dc::fuzz::broken("a record read back cannot be written", e.what());
  }
  std::string second;
  try {
    second = record_to_text(record_from_text<T>(first));
  } catch (const std::exception& e) {
    dc::fuzz::broken("a record written does not read back", first + "\n" + e.what());
  }
  if (first != second)
    dc::fuzz::broken("a record changes on its way to disk", first + "\n" + second);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  dc::fuzz::Input in{data, size};
  auto kind = in.byte() % 13;
  auto text = in.rest();
  switch (kind) {
    case 0:
      round_trip<MockInstance>(text);
      break;
    case 1:
      round_trip<engine::Image>(text);
      break;
    case 2:
      round_trip<engine::Key>(text);
      break;
    case 3:
      round_trip<MockVolume>(text);
      break;
    case 4:
      round_trip<engine::StorageSnapshot>(text);
      break;
    case 5:
      round_trip<engine::AllocatedAddress>(text);
      break;
    case 6:
      round_trip<engine::Network>(text);
      break;
    case 7:
      round_trip<engine::Subnet>(text);
      break;
    case 8:
      round_trip<engine::NetworkInterface>(text);
      break;
    case 9:
      round_trip<engine::Firewall>(text);
      break;
    case 10:
      round_trip<engine::LoadBalancer>(text);
      break;
    case 11:
      round_trip<engine::Bucket>(text);
      break;
    default:
      round_trip<MockBlob>(text);
      break;
  }
  return 0;
}
