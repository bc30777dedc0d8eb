<?php
// A Hop3 sample app: every path that is not a file comes here (front controller).
require __DIR__ . '/vendor/autoload.php';

header('Content-Type: text/plain');
echo \Hop3\Sample\Greeting::hello('php-app'), ' (PHP ', PHP_VERSION, ', ', PHP_SAPI, ', ', $_SERVER['REQUEST_URI'], ")\n";
