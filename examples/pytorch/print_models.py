#!/usr/bin/python3
"""The PyTorch original of examples/print-models.cpp: prints the two models
and runs them on random input. The reprs and the output shapes it prints are
test/e2e/print-models.check, against which the Sinter example is checked
(the values differ: the weights and inputs come from other generators):

    /usr/bin/python3 examples/pytorch/print_models.py
"""
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self, in_features=10, hidden=32):
        super().__init__()
        self.fc1 = nn.Linear(in_features, hidden)
        self.relu = nn.ReLU()
        self.fc2 = nn.Linear(hidden, 1)
        self.sigmoid = nn.Sigmoid()

    def forward(self, x):
        return self.sigmoid(self.fc2(self.relu(self.fc1(x))))


class MyMLP(nn.Module):
    def __init__(self, activation="sigmoid", vocab_size=100, embed_dim=16,
                 hidden=32, classes=3):
        super().__init__()
        Activation = nn.Sigmoid if activation == "sigmoid" else nn.Tanh
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.act1 = Activation()
        self.fc1 = nn.Linear(embed_dim, hidden)
        self.dropout = nn.Dropout(0.2)
        self.act2 = Activation()
        self.fc2 = nn.Linear(hidden, classes)
        self.softmax = nn.Softmax(dim=1)

    def forward(self, tokens):
        h = self.act1(self.embedding(tokens).mean(1))
        h = self.act2(self.dropout(self.fc1(h)))
        return self.softmax(self.fc2(h))


if __name__ == "__main__":
    torch.manual_seed(0)
    net = Net()
    mlp_sigmoid, mlp_tanh = MyMLP("sigmoid"), MyMLP("tanh")
    print(net)
    print(mlp_sigmoid)
    print(mlp_tanh)

    # predict: eval mode (no dropout), no gradients.
    net.eval()
    mlp_tanh.eval()
    with torch.no_grad():
        output = net(torch.rand(4, 10))
        print(f"\nNet output {list(output.shape)}:\n{output}")
        probabilities = mlp_tanh(torch.randint(0, 100, (4, 8)))
        print(f"\nMyMLP (tanh) output {list(probabilities.shape)}:\n"
              f"{probabilities}")
        print("row sums:", " ".join(f"{s:.4f}" for s in probabilities.sum(1)))
