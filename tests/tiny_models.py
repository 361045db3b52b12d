"""Tiny BERT models with random weights, built and saved locally by the tests.

Loaded by tests/checker/conftest.py and tests/ingest/test_st_embedder.py through importlib (the
tests folder is not a package). The vocabulary is written by the test from the texts it uses,
and read with `BertTokenizer(vocab_file=...)`: in transformers 5, `BertTokenizerFast` ignores
the file. Nothing here touches the network.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
PUNCTUATION = list(".,;:!?'\"()-%$/&<>=_")
SIZE = {
    "hidden_size": 32,
    "num_hidden_layers": 2,
    "num_attention_heads": 2,
    "intermediate_size": 37,
    "max_position_embeddings": 256,
}


def write_vocab(folder: Path, texts: Iterable[str]) -> Path:
    """A WordPiece vocabulary of the lower-cased words and digits of `texts`."""
    words: list[str] = []
    for text in texts:
        for word in re.findall(r"[a-z]+|\d", text.lower()):
            if word not in words:
                words.append(word)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "vocab.txt"
    path.write_text("\n".join(SPECIAL + PUNCTUATION + words) + "\n", encoding="utf-8")
    return path


def _tokenizer(folder: Path, texts: Iterable[str]):
    from transformers import BertTokenizer

    return BertTokenizer(vocab_file=str(write_vocab(folder / "_vocab", texts)))


def _config(vocab_size: int, **extra):
    from transformers import BertConfig

    return BertConfig(vocab_size=vocab_size, **SIZE, **extra)


def build_st_model(folder: Path, texts: Iterable[str], seed: int = 0) -> Path:
    """A sentence-transformers model (BERT + mean pooling) saved in `folder`."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
    from transformers import BertModel

    torch.manual_seed(seed)
    tokenizer = _tokenizer(folder, texts)
    bert_dir = folder / "_bert"
    BertModel(_config(len(tokenizer.vocab))).save_pretrained(bert_dir)
    tokenizer.save_pretrained(bert_dir)
    transformer = Transformer(str(bert_dir))
    pooling = Pooling(transformer.get_embedding_dimension(), pooling_mode="mean")
    model_dir = folder / "st"
    SentenceTransformer(modules=[transformer, pooling]).save(str(model_dir))
    return model_dir


def build_classifier(
    folder: Path,
    texts: Iterable[str],
    id2label: Mapping[int, str] | None,
    num_labels: int,
    favour: int | None = None,
    seed: int = 0,
    init_range: float = 0.02,
) -> Path:
    """A BertForSequenceClassification saved in `folder`.

    `favour`: the output index whose classifier bias is raised so that it wins on every input.
    `id2label=None` keeps transformers' default names (LABEL_0, LABEL_1...). A larger
    `init_range` (the weights' standard deviation) makes outputs vary more between inputs.
    """
    import torch
    from transformers import BertForSequenceClassification

    torch.manual_seed(seed)
    tokenizer = _tokenizer(folder, texts)
    extra: dict = {"num_labels": num_labels, "initializer_range": init_range}
    if id2label is not None:
        extra["id2label"] = dict(id2label)
        extra["label2id"] = {v: k for k, v in id2label.items()}
    model = BertForSequenceClassification(_config(len(tokenizer.vocab), **extra))
    if favour is not None:
        with torch.no_grad():
            model.classifier.bias.zero_()
            model.classifier.bias[favour] = 8.0
    model_dir = folder / "model"
    model.save_pretrained(model_dir)
    tokenizer.save_pretrained(model_dir)
    return model_dir


def build_sentence_scorer(folder: Path, texts: Iterable[str], seed: int = 0) -> Path:
    """A one-logit BERT sentence classifier exported as the shipped encoders are (int8 ONNX,
    `model.onnx`, `tokenizer.json`, `manifest.json`), in `folder`."""
    import sys

    import torch
    from tokenizers import BertWordPieceTokenizer
    from transformers import BertForSequenceClassification

    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "scripts"))
    from export_minilm import export_onnx_int8

    from ingest.artifacts import write_manifest

    torch.manual_seed(seed)
    vocab = write_vocab(folder / "_vocab", texts)
    # rows beyond the vocabulary: the export traces the model on real BERT ids (up to 7592)
    size = max(_count(vocab), 8192)
    model = BertForSequenceClassification(_config(size, num_labels=1, initializer_range=0.2))
    export_onnx_int8(model, "logits", folder / "model.onnx")
    BertWordPieceTokenizer(str(vocab), lowercase=True).save(str(folder / "tokenizer.json"))
    write_manifest(folder, ["model.onnx", "tokenizer.json"])
    return folder


def _count(vocab: Path) -> int:
    return len(vocab.read_text(encoding="utf-8").splitlines())
