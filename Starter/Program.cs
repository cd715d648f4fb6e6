Console.WriteLine("starter: not wired yet");
