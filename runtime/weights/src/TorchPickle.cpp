#include "weights/TorchPickle.h"

#include "weights/WeightsError.h"

#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>

namespace bertc::weights {
namespace {

// A value on the pickle machine's stack. Only the kinds a state dict is made of exist: anything
// else is refused when its opcode or global is read, so no code of the file ever runs. Values
// live in the machine's arena and refer to each other by plain pointers: a hostile pickle can make
// a list that holds itself, which must neither leak nor recurse when freed.
struct Value {
  enum class Kind { None, Bool, Int, Float, String, Tuple, List, Dict, Global, Storage, Tensor };
  Kind kind = Kind::None;
  std::int64_t integer = 0;
  std::string text;          // String; Global: "module.name"
  std::vector<Value*> items; // Tuple, List; Dict: key, value, key, value, ...
  PickledTensor tensor;      // Storage (key, dtype, size) and Tensor
};
using ValuePtr = Value*;

// The globals torch.save writes for a state dict, and nothing else.
const std::map<std::string, std::optional<DType>>& allowedGlobals() {
  static const std::map<std::string, std::optional<DType>> globals = {
      {"collections.OrderedDict", std::nullopt},
      {"torch._utils._rebuild_tensor_v2", std::nullopt},
      {"torch._utils._rebuild_parameter", std::nullopt},
      {"torch.FloatStorage", DType::F32},
      {"torch.HalfStorage", DType::F16},
      {"torch.BFloat16Storage", DType::BF16},
      {"torch.DoubleStorage", DType::F64},
      {"torch.LongStorage", DType::I64},
      {"torch.IntStorage", DType::I32},
      {"torch.ShortStorage", DType::I16},
      {"torch.CharStorage", DType::I8},
      {"torch.ByteStorage", DType::U8},
      {"torch.BoolStorage", DType::Bool}};
  return globals;
}

class PickleMachine {
public:
  PickleMachine(std::string_view bytes, const std::string& source)
      : bytes_(bytes), prefix_(source + ": ") {}

  ValuePtr make(Value::Kind kind) {
    arena_.push_back(std::make_unique<Value>());
    arena_.back()->kind = kind;
    return arena_.back().get();
  }

  ValuePtr run() {
    while (true) {
      const unsigned char op = byte();
      if (op == '.') // STOP
        break;
      step(op);
    }
    if (stack_.size() != 1)
      fail("the pickle ends with " + std::to_string(stack_.size()) + " values, not one");
    return stack_.back();
  }

private:
  [[noreturn]] void fail(const std::string& why) const {
    throw WeightsError(prefix_ + "pickle at byte " + std::to_string(pos_) + ": " + why);
  }
  unsigned char byte() {
    if (pos_ >= bytes_.size())
      fail("ends without STOP");
    return static_cast<unsigned char>(bytes_[pos_++]);
  }
  std::uint64_t littleEndian(int n) {
    std::uint64_t v = 0;
    for (int i = 0; i < n; ++i)
      v |= std::uint64_t(byte()) << (8 * i);
    return v;
  }
  std::string_view take(std::uint64_t n) {
    if (n > bytes_.size() - pos_)
      fail("a string runs past the end");
    std::string_view s = bytes_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  std::string line() {
    const std::size_t end = bytes_.find('\n', pos_);
    if (end == std::string_view::npos)
      fail("a GLOBAL name has no end of line");
    std::string s(bytes_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return s;
  }
  ValuePtr pop() {
    if (stack_.empty() || (!marks_.empty() && marks_.back() == stack_.size()))
      fail("pops an empty stack");
    ValuePtr v = stack_.back();
    stack_.pop_back();
    return v;
  }
  std::vector<ValuePtr> popToMark() {
    if (marks_.empty())
      fail("no MARK to pop to");
    std::vector<ValuePtr> items(stack_.begin() + std::ptrdiff_t(marks_.back()), stack_.end());
    stack_.resize(marks_.back());
    marks_.pop_back();
    return items;
  }
  void push(ValuePtr v) { stack_.push_back(std::move(v)); }
  void pushInt(std::int64_t i) {
    ValuePtr v = make(Value::Kind::Int);
    v->integer = i;
    push(v);
  }
  void pushString(std::string_view s) {
    ValuePtr v = make(Value::Kind::String);
    v->text = s;
    push(v);
  }
  void pushTuple(std::vector<ValuePtr> items) {
    ValuePtr v = make(Value::Kind::Tuple);
    v->items = std::move(items);
    push(v);
  }
  void pushGlobal(const std::string& module, const std::string& name) {
    const std::string global = module + "." + name;
    if (!allowedGlobals().count(global))
      fail("refuses global " + global +
           ": a state dict of tensors needs no such object, and "
           "bertc never runs code from a checkpoint");
    ValuePtr v = make(Value::Kind::Global);
    v->text = global;
    push(v);
  }
  void memoize(std::uint64_t index) {
    if (stack_.empty())
      fail("memoizes an empty stack");
    memo_[index] = stack_.back();
  }
  void recall(std::uint64_t index) {
    const auto it = memo_.find(index);
    if (it == memo_.end())
      fail("recalls memo " + std::to_string(index) + ", never stored");
    push(it->second);
  }

  void step(unsigned char op);
  void stepValue(unsigned char op);
  void stepContainer(unsigned char op);
  void setItems(std::vector<ValuePtr> items);
  void reduce();
  void persistentId();
  ValuePtr rebuildTensor(const std::vector<ValuePtr>& args);

  std::string_view bytes_;
  std::string prefix_;
  std::size_t pos_ = 0;
  std::vector<ValuePtr> stack_;
  std::vector<std::size_t> marks_;
  std::unordered_map<std::uint64_t, ValuePtr> memo_;
  std::vector<std::unique_ptr<Value>> arena_;
};

void PickleMachine::step(unsigned char op) {
  switch (op) {
  case 0x80: // PROTO
    if (byte() > 5)
      fail("pickle protocol above 5");
    return;
  case 0x95: // FRAME: a length hint only
    littleEndian(8);
    return;
  case '(': // MARK
    marks_.push_back(stack_.size());
    return;
  case '0': // POP
    pop();
    return;
  case '1': // POP_MARK
    popToMark();
    return;
  case 'q': // BINPUT
    memoize(byte());
    return;
  case 'r': // LONG_BINPUT
    memoize(littleEndian(4));
    return;
  case 0x94: // MEMOIZE
    memoize(memo_.size());
    return;
  case 'h': // BINGET
    recall(byte());
    return;
  case 'j': // LONG_BINGET
    recall(littleEndian(4));
    return;
  case 'c': { // GLOBAL
    std::string module = line();
    pushGlobal(module, line());
    return;
  }
  case 0x93: { // STACK_GLOBAL
    ValuePtr name = pop(), module = pop();
    if (module->kind != Value::Kind::String || name->kind != Value::Kind::String)
      fail("STACK_GLOBAL needs two strings");
    pushGlobal(module->text, name->text);
    return;
  }
  case 'R': // REDUCE
    reduce();
    return;
  case 'b': { // BUILD: an OrderedDict's __dict__ (state_dict's _metadata); nothing else
    ValuePtr state = pop();
    if (stack_.empty() || stack_.back()->kind != Value::Kind::Dict ||
        state->kind != Value::Kind::Dict)
      fail("BUILD of anything but a dict's attributes");
    return;
  }
  case 'Q': // BINPERSID
    persistentId();
    return;
  default:
    stepValue(op);
  }
}

// None, booleans, integers, floats and strings.
void PickleMachine::stepValue(unsigned char op) {
  switch (op) {
  case 'N': // NONE
    push(make(Value::Kind::None));
    return;
  case 0x88: // NEWTRUE
  case 0x89: // NEWFALSE
    pushInt(op == 0x88);
    stack_.back()->kind = Value::Kind::Bool;
    return;
  case 'J': // BININT
    pushInt(std::int32_t(std::uint32_t(littleEndian(4))));
    return;
  case 'K': // BININT1
    pushInt(byte());
    return;
  case 'M': // BININT2
    pushInt(std::int64_t(littleEndian(2)));
    return;
  case 0x8a: { // LONG1: little-endian two's complement, at most 8 bytes here
    const int n = byte();
    if (n > 8)
      fail("an integer wider than 64 bits");
    std::uint64_t v = n ? littleEndian(n) : 0;
    if (n > 0 && n < 8 && (v >> (8 * n - 1)) & 1)
      v |= ~std::uint64_t(0) << (8 * n);
    pushInt(std::int64_t(v));
    return;
  }
  case 'G': { // BINFLOAT: big-endian double, only ever a hook's argument here
    take(8);
    push(make(Value::Kind::Float));
    return;
  }
  case 'X': // BINUNICODE
    pushString(take(littleEndian(4)));
    return;
  case 0x8c: // SHORT_BINUNICODE
    pushString(take(byte()));
    return;
  case 0x8d: // BINUNICODE8
    pushString(take(littleEndian(8)));
    return;
  default:
    stepContainer(op);
  }
}

// Tuples, dicts and lists, and filling them; any other opcode is refused here.
void PickleMachine::stepContainer(unsigned char op) {
  switch (op) {
  case ')': // EMPTY_TUPLE
    pushTuple({});
    return;
  case 't': // TUPLE
    pushTuple(popToMark());
    return;
  case 0x85:   // TUPLE1
  case 0x86:   // TUPLE2
  case 0x87: { // TUPLE3
    std::vector<ValuePtr> items(op - 0x84);
    for (auto it = items.rbegin(); it != items.rend(); ++it)
      *it = pop();
    pushTuple(std::move(items));
    return;
  }
  case '}': // EMPTY_DICT
    push(make(Value::Kind::Dict));
    return;
  case ']': // EMPTY_LIST
    push(make(Value::Kind::List));
    return;
  case 's': { // SETITEM
    ValuePtr value = pop(), key = pop();
    setItems({key, value});
    return;
  }
  case 'u': // SETITEMS
    setItems(popToMark());
    return;
  case 'a': { // APPEND
    ValuePtr item = pop();
    if (stack_.empty() || stack_.back()->kind != Value::Kind::List)
      fail("APPEND to something other than a list");
    stack_.back()->items.push_back(item);
    return;
  }
  case 'e': { // APPENDS
    std::vector<ValuePtr> items = popToMark();
    if (stack_.empty() || stack_.back()->kind != Value::Kind::List)
      fail("APPENDS to something other than a list");
    stack_.back()->items.insert(stack_.back()->items.end(), items.begin(), items.end());
    return;
  }
  default:
    fail("refuses opcode 0x" + [&] {
      char hex[3];
      std::snprintf(hex, sizeof hex, "%02x", op);
      return std::string(hex);
    }() + ", which torch.save does not write for a state dict");
  }
}

void PickleMachine::setItems(std::vector<ValuePtr> items) {
  if (stack_.empty() || stack_.back()->kind != Value::Kind::Dict || items.size() % 2 != 0)
    fail("SETITEM(S) on something other than a dict");
  std::vector<ValuePtr>& dict = stack_.back()->items;
  dict.insert(dict.end(), items.begin(), items.end());
}

// ('storage', <Storage type>, key, location, size): a storage in the archive's data/ folder.
void PickleMachine::persistentId() {
  ValuePtr id = pop();
  const auto& t = id->items;
  if (id->kind != Value::Kind::Tuple || t.size() != 5 || t[0]->text != "storage" ||
      t[1]->kind != Value::Kind::Global || t[2]->kind != Value::Kind::String ||
      t[4]->kind != Value::Kind::Int || t[4]->integer < 0)
    fail("a persistent id other than ('storage', type, key, location, size)");
  const std::optional<DType> dtype = allowedGlobals().at(t[1]->text);
  if (!dtype)
    fail(t[1]->text + " is not a storage type");
  ValuePtr storage = make(Value::Kind::Storage);
  storage->tensor.storageKey = t[2]->text;
  storage->tensor.dtype = *dtype;
  storage->tensor.storageElements = t[4]->integer;
  push(storage);
}

std::vector<std::int64_t> integers(const Value* tuple, bool& ok) {
  std::vector<std::int64_t> out;
  ok = ok && tuple->kind == Value::Kind::Tuple;
  for (const Value* v : tuple->items) {
    ok = ok && v->kind == Value::Kind::Int && v->integer >= 0;
    out.push_back(v->integer);
  }
  return out;
}

// _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata]).
ValuePtr PickleMachine::rebuildTensor(const std::vector<ValuePtr>& args) {
  bool ok = (args.size() == 6 || args.size() == 7) && args[0]->kind == Value::Kind::Storage &&
            args[1]->kind == Value::Kind::Int && args[1]->integer >= 0;
  if (!ok)
    fail("_rebuild_tensor_v2 with arguments other than (storage, offset, size, stride, ...)");
  ValuePtr tensor = make(Value::Kind::Tensor);
  tensor->tensor = args[0]->tensor;
  tensor->tensor.offset = args[1]->integer;
  tensor->tensor.shape = integers(args[2], ok);
  tensor->tensor.strides = integers(args[3], ok);
  if (!ok || tensor->tensor.shape.size() != tensor->tensor.strides.size())
    fail("a tensor's size and stride must be tuples of as many non-negative integers");
  return tensor;
}

void PickleMachine::reduce() {
  ValuePtr args = pop(), callable = pop();
  if (callable->kind != Value::Kind::Global || args->kind != Value::Kind::Tuple)
    fail("REDUCE of something other than an allowed global");
  if (callable->text == "collections.OrderedDict" && args->items.empty())
    push(make(Value::Kind::Dict));
  else if (callable->text == "torch._utils._rebuild_tensor_v2")
    push(rebuildTensor(args->items));
  else if (callable->text == "torch._utils._rebuild_parameter" && !args->items.empty() &&
           args->items[0]->kind == Value::Kind::Tensor)
    push(args->items[0]); // (data, requires_grad, backward_hooks): the data is the tensor
  else
    fail("REDUCE of " + callable->text + " with arguments a state dict does not have");
}

} // namespace

std::vector<PickledTensor> readTorchPickle(std::string_view bytes, const std::string& source) {
  PickleMachine machine(bytes, source);
  const Value* top = machine.run();
  if (top->kind != Value::Kind::Dict)
    throw WeightsError(source + ": the pickle holds no state dict (a dict of names to tensors)");
  std::vector<PickledTensor> tensors;
  for (std::size_t i = 0; i + 1 < top->items.size(); i += 2) {
    const Value& key = *top->items[i];
    const Value& value = *top->items[i + 1];
    if (key.kind != Value::Kind::String || value.kind != Value::Kind::Tensor)
      throw WeightsError(source + ": the state dict maps " +
                         (key.kind == Value::Kind::String ? "'" + key.text + "'" : "a non-string") +
                         " to something other than a tensor (a checkpoint holding more than a "
                         "model's state dict, e.g. an optimizer, is not a weights file)");
    tensors.push_back(value.tensor);
    tensors.back().name = key.text;
  }
  return tensors;
}

} // namespace bertc::weights
