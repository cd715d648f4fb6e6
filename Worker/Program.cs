Console.WriteLine("worker: not wired yet");
