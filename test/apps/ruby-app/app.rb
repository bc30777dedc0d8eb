# A Hop3 sample app: a stdlib-only HTTP server answering on $PORT, greeting through a gem
# vendored in vendor/cache.
require "socket"
require "hop3_greeting"

port = Integer(ENV.fetch("PORT", "8080"))
server = TCPServer.new(ENV.fetch("HOST", "127.0.0.1"), port)
$stderr.puts "ruby-app listening on port #{port}"
loop do
  client = server.accept
  while (line = client.gets) && line != "\r\n"; end
  body = "#{Hop3Greeting.hello("ruby-app")}\n"
  client.write "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: #{body.bytesize}\r\nConnection: close\r\n\r\n#{body}"
  client.close
end
