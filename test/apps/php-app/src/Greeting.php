<?php

namespace Hop3\Sample;

/** Loaded through Composer's autoloader. */
final class Greeting
{
    public static function hello(string $name): string
    {
        return "Hello from {$name}";
    }
}
