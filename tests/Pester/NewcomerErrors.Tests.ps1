# Issue 16 items 2 and 5: a redirect never carries credentials anywhere, and a job that failed says why in its error.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common/TestHelpers.psm1') -Force
    Import-Module $env:MODELARTS_TEST_MODULE -Force
    $script:svc = Start-MaLocalService
    Connect-MaLocalSession $svc

    Set-MaLocalObject $svc 'bkt/code/fail.py' @'
import os, sys
worker = os.environ.get('DLS_TASK_INDEX')
for step in range(30):
    print('step', step, 'worker', worker, flush=True)
print('bad data: column y missing on worker', worker, flush=True)
sys.exit(3)
'@
    Set-MaLocalObject $svc 'bkt/data/train.csv' "x,y`n1,2`n"
    function New-FailingJob([string] $Name, [int] $Workers = 1) {
        New-MaTrainingJob -Name $Name -FrameworkType PyTorch -FrameworkVersion PyTorch-1.0.0-python3.6 -CodeDir obs://bkt/code/ -BootFile fail.py `
            -Inputs obs://bkt/data/ -OutputPath "obs://bkt/out/$Name/" -TrainInstanceType modelarts.vm.cpu.2u -TrainInstanceCount $Workers
    }

    # A listener that answers 307 to everything outside /target/ and records every request it gets.
    function Start-RedirectListener {
        $probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
        $listener = [Net.HttpListener]::new()
        $listener.Prefixes.Add("http://127.0.0.1:$port/")
        $listener.Start()
        $seen = [Collections.Concurrent.ConcurrentQueue[string]]::new()
        $runner = [powershell]::Create().AddScript({
                param($listener, $seen)
                while ($listener.IsListening) {
                    try { $context = $listener.GetContext() } catch { break }
                    $request = $context.Request
                    $body = [IO.StreamReader]::new($request.InputStream).ReadToEnd()
                    $seen.Enqueue("$($request.HttpMethod) $($request.Url.AbsolutePath) token=$([bool]$request.Headers['X-Auth-Token']) authorization=$([bool]$request.Headers['Authorization']) body=$body")
                    if ($request.Url.AbsolutePath -like '/target/*') { $context.Response.StatusCode = 200 }
                    else {
                        $context.Response.StatusCode = 307
                        $context.Response.RedirectLocation = "http://127.0.0.1:$($request.Url.Port)/target$($request.Url.PathAndQuery)"
                    }
                    $context.Response.Close()
                }
            }).AddArgument($listener).AddArgument($seen)
        [pscustomobject]@{ Url = "http://127.0.0.1:$port"; Listener = $listener; Runner = $runner; Handle = $runner.BeginInvoke(); Seen = $seen }
    }
    function Stop-RedirectListener($redirect) {
        $redirect.Listener.Close()
        $null = $redirect.Handle.AsyncWaitHandle.WaitOne(10000)
        $redirect.Runner.Dispose()
    }
}

AfterAll {
    Disconnect-MaSession -ErrorAction SilentlyContinue
    Stop-MaLocalService $svc
}

Describe 'Redirects are never followed (issue 16 item 2)' {
    BeforeAll { $script:redirect = Start-RedirectListener }
    AfterAll { Stop-RedirectListener $redirect }

    It 'a 307 on the IAM sign-in is an error naming the redirect; the password is posted once, to the endpoint only' {
        $credential = [pscredential]::new('ma-user', (ConvertTo-SecureString 'redirected-password' -AsPlainText -Force))
        $failure = { Connect-MaSession -Endpoint $redirect.Url -IamEndpoint $redirect.Url -Credential $credential -DomainName ma-domain -ProjectId $svc.ProjectId -ErrorAction Stop } |
            Should -Throw -PassThru
        $failure.Exception.Message | Should -Match 'HTTP 307, a redirect to http://127\.0\.0\.1:\d+/target/.*does not follow redirects'
        $requests = @($redirect.Seen.ToArray())
        Write-Host ($requests -join "`n")
        @($requests | Where-Object { $_ -like '* /target/*' }).Count | Should -Be 0
        @($requests | Where-Object { $_ -like '*redirected-password*' }).Count | Should -Be 1
    }

    It 'a 307 on a signed API call is an error; nothing signed goes to the redirect target' {
        $secretKey = ConvertTo-SecureString $svc.SecretKey -AsPlainText -Force
        # Connect checks the endpoint with a signed GET of the engine catalog.
        $failure = { Connect-MaSession -Endpoint $redirect.Url -AccessKey $svc.AccessKey -SecretKey $secretKey -ProjectId $svc.ProjectId -ErrorAction Stop } |
            Should -Throw -PassThru
        $failure.Exception.Message | Should -Match 'HTTP 307, a redirect to http://127\.0\.0\.1:\d+/target/v[12]/'
        @($redirect.Seen.ToArray() | Where-Object { $_ -like 'GET /v[12]/*authorization=True*' }).Count | Should -Be 1
        @($redirect.Seen.ToArray() | Where-Object { $_ -like '* /target/*' }).Count | Should -Be 0
    }
}

Describe 'A failed job says why in its error (issue 16 item 5)' {
    It 'the error of Wait quotes the status word and the last lines of the log, exit code included' {
        $job = New-FailingJob 'fail_one'
        $failure = { $null = $job | Wait-MaTrainingJob -ErrorAction Stop } | Should -Throw -PassThru
        Write-Host $failure.Exception.Message
        $failure.FullyQualifiedErrorId | Should -Match '^TrainingJobFailed,'
        $failure.Exception.Message | Should -Match "ended with status Failed\. The last lines of its log:"
        $failure.Exception.Message | Should -Not -Match 'Failed \(\d+\)'
        $failure.Exception.Message | Should -Match 'bad data: column y missing on worker 0'
        $failure.Exception.Message | Should -Match 'worker 0 exited with code 3'
        $failure.Exception.Message | Should -Not -Match 'step 0 worker'
    }

    It 'with several workers every quoted line says which worker printed it' {
        $job = New-FailingJob 'fail_two' -Workers 2
        $failure = { $null = $job | Wait-MaTrainingJob -ErrorAction Stop } | Should -Throw -PassThru
        $failure.Exception.Message | Should -Match '\[worker 0\] bad data: column y missing on worker 0'
        $failure.Exception.Message | Should -Match '\[worker 1\] bad data: column y missing on worker 1'
    }

    It 'New-MaTrainingJob -Wait gives the same evidence' {
        $failure = { New-MaTrainingJob -Name fail_new -FrameworkType PyTorch -FrameworkVersion PyTorch-1.0.0-python3.6 -CodeDir obs://bkt/code/ -BootFile fail.py `
                -Inputs obs://bkt/data/ -OutputPath obs://bkt/out/fail_new/ -TrainInstanceType modelarts.vm.cpu.2u -Wait -ErrorAction Stop } | Should -Throw -PassThru
        $failure.Exception.Message | Should -Match 'worker 0 exited with code 3'
    }

    It 'Wait-MaTrainingJob example 3 run with pwsh -File prints what it promises' {
        $job = New-FailingJob 'fail_ci'
        $help = Get-Content (Join-Path $PSScriptRoot '../../docs/en-US/Wait-MaTrainingJob.md') -Raw
        $example = [regex]::Match($help, '(?s)### Example 3:.*?```powershell\r?\n(.*?)```').Groups[1].Value.Replace('-JobId 3', "-JobId $($job.JobId)")
        $file = Join-Path $svc.DataRoot 'ci.ps1'
        Set-Content $file @"
Import-Module '$env:MODELARTS_TEST_MODULE'
`$secretKey = ConvertTo-SecureString '$($svc.SecretKey)' -AsPlainText -Force
Connect-MaSession -Endpoint '$($svc.Url)' -AccessKey '$($svc.AccessKey)' -SecretKey `$secretKey -ProjectId '$($svc.ProjectId)' -TrainingApi V1
$example
"@
        $printed = & (Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')) -NoProfile -NonInteractive -File $file 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 1
        $printed | Should -Match "Training job 'fail_ci' \(\d+, version V0001\) ended with status Failed\."
        $printed | Should -Match 'worker 0 exited with code 3'
        # Item 10: Wait says how to detach, as -Follow does.
        $printed | Should -Match "Waiting for training job $($job.JobId)\. Press Ctrl\+C to detach; the job keeps running\."
    }
}
