#include <cstdio>
int main() { std::puts("evident"); return 0; }
