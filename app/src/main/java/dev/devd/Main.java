package dev.devd;

public final class Main {
  public static void main(String[] args) {
    System.out.println("devd");
  }
}
