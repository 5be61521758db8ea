// The event stream's behaviour towards a client that cannot keep up, with a writer whose queue
// fills after a given number of chunks, in both formats.

#include <catch2/catch.hpp>

#include <condition_variable>
#include <future>
#include <mutex>

#include "actors/control_plane.hpp"
#include "api/event_stream.hpp"
#include "tests/support/temp_dir.hpp"

using namespace dc;
using namespace std::chrono_literals;

namespace {

class FillingWriter final : public api::StreamWriter {
 public:
  explicit FillingWriter(std::size_t capacity) : capacity_(capacity) {}
  bool write(std::vector<std::shared_ptr<const std::string>> chunks) override {
    std::lock_guard guard{mutex_};
    if (closed_ || written_.size() + chunks.size() > capacity_) return false;
    for (auto& chunk : chunks) written_.push_back(*chunk);
    changed_.notify_all();
    return true;
  }
  void close(std::shared_ptr<const std::string> farewell) override {
    std::lock_guard guard{mutex_};
    closed_ = true;
    if (farewell) farewell_ = *farewell;
    changed_.notify_all();
  }
  bool wait_closed(std::chrono::milliseconds deadline) {
    std::unique_lock lock{mutex_};
    return changed_.wait_for(lock, deadline, [&] { return closed_; });
  }
  std::vector<std::string> written() {
    std::lock_guard guard{mutex_};
    return written_;
  }
  std::string farewell() {
    std::lock_guard guard{mutex_};
    return farewell_;
  }

 private:
  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> written_;
  std::string farewell_;
  bool closed_ = false;
};

}  // namespace

TEST_CASE("a subscriber that falls behind is cut off with the id to resume from") {
  auto format = GENERATE(api::EventStreamFormat::server_sent_events,
                         api::EventStreamFormat::websocket_messages);
  bool sse = format == api::EventStreamFormat::server_sent_events;
  test::TempDir dir;
  actors::ControlPlaneOptions o;
  o.data_dir = dir.path().string();
  o.driver_configs["mock"].options = {{"boot_delay", "0"}, {"stop_delay", "0"}};
  o.render_event = api::render_event;
  actors::ControlPlane plane{std::move(o)};
  actors::Account account{"mock", "", {"mockuser", "mockpassword"}};

  // Room for the `connected` notice and one event, not more.
  auto writer = std::make_shared<FillingWriter>(2);
  auto source = std::make_shared<api::EventStreamSource>(
      plane, actors::EventFilter{"mock", "", "mockuser", std::nullopt, std::nullopt}, std::nullopt,
      format);
  source->start(writer);
  for (int i = 0; i < 3; ++i) {
    std::promise<void> done;
    engine::InstanceCreate what;
    what.image_id = "img1";
    plane.create_instance(account, what, [&](engine::Result<engine::Instance> r) {
      CHECK(r.ok());
      done.set_value();
    });
    REQUIRE(done.get_future().wait_for(10s) == std::future_status::ready);
  }
  REQUIRE(writer->wait_closed(10s));
  auto written = writer->written();
  REQUIRE(written.size() == 2);
  CHECK(written[0] == (sse ? "retry: 2000\n: connected\n\n" : "{\"type\":\"connected\"}"));
  // Both formats carry the event's JSON document, which names its id.
  auto at = written[1].find("\"id\":\"") + 6;
  auto id = written[1].substr(at, written[1].find('"', at) - at);
  if (sse) {
    CHECK(written[1].find("id: " + id + "\ndata: {\"type\":\"state\"") == 0);
    CHECK(writer->farewell().find("event: overflow\ndata: {") == 0);
  } else {
    CHECK(written[1].find("{\"type\":\"state\",\"id\":\"" + id + "\"") == 0);
    CHECK(writer->farewell().find("{\"type\":\"overflow\"") == 0);
  }
  CHECK(writer->farewell().find("\"resume_from\":\"" + id + "\"") != std::string::npos);
  source->stop();
}
